"""The usual URL patterns of an object type, built in one place.

An app's ``urls.py`` writes::

    urlpatterns = [
        *object_urlpatterns(
            "actor",
            list=views.LocalActorListView,
            create=views.LocalActorCreateView,
            detail=views.LocalActorDetailView,
            edit=views.LocalActorUpdateView,
            delete=views.LocalActorDeleteView,
            history=views.LocalActorHistoryView,
        ),
        ...the app's other patterns
    ]

which gives, under ``prefix`` (``""`` unless told):

=========  ========================  ==================
view       path                      name
=========  ========================  ==================
list       ``<prefix>``              ``actor-list``
create     ``<prefix>new/``          ``actor-create``
detail     ``<prefix><int:pk>/``     ``actor-detail``
edit       ``<prefix><int:pk>/edit/``     ``actor-edit``
delete     ``<prefix><int:pk>/delete/``   ``actor-delete``
history    ``<prefix><int:pk>/history/``  ``actor-history``
=========  ========================  ==================

A view left out gets no pattern. Templates and tests reverse these names, so an object type
whose paths or names differ keeps its own ``path()`` lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path

#: (keyword, path under the prefix, name suffix), in the order the patterns are listed.
USUAL_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("list", "", "list"),
    ("create", "new/", "create"),
    ("detail", "<int:pk>/", "detail"),
    ("edit", "<int:pk>/edit/", "edit"),
    ("delete", "<int:pk>/delete/", "delete"),
    ("history", "<int:pk>/history/", "history"),
)


def _as_view(view: Any) -> Callable[..., Any]:
    """A class-based view becomes its view function; a view function stays as it is."""
    as_view = getattr(view, "as_view", None)
    view_function: Callable[..., Any] = as_view() if as_view is not None else view
    return view_function


def object_urlpatterns(
    name: str,
    *,
    prefix: str = "",
    list: Any = None,
    create: Any = None,
    detail: Any = None,
    edit: Any = None,
    delete: Any = None,
    history: Any = None,
) -> list[URLPattern]:
    """The list, new, detail, edit, delete and history patterns of one object type.

    ``name`` is the first part of every URL name (``"actor"`` → ``actor-list``…); ``prefix``
    the path they share (``"actions/"``, or ``""``). Each view is a class-based view (its
    ``as_view()`` is called) or an already built view function.
    """
    if prefix and not prefix.endswith("/"):
        raise ValueError(f"The prefix of {name!r} patterns must end with a slash: {prefix!r}")
    views = {
        "list": list,
        "create": create,
        "detail": detail,
        "edit": edit,
        "delete": delete,
        "history": history,
    }
    if all(view is None for view in views.values()):
        raise ValueError(f"object_urlpatterns({name!r}) was given no view")
    return [
        path(f"{prefix}{route}", _as_view(views[keyword]), name=f"{name}-{suffix}")
        for keyword, route, suffix in USUAL_PATTERNS
        if views[keyword] is not None
    ]
