"""Declared CRUD: write views name their service, URL patterns come from one helper."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, get_resolver

from lazos.core.routing import object_urlpatterns
from lazos.core.testing.urls import walk_patterns
from lazos.core.views import (
    DeclaredServiceMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    ServiceFormMixin,
)


def _write_views() -> list[tuple[str, Any]]:
    """Every view of the URL configuration that writes through a declared service."""
    found = []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, DeclaredServiceMixin):
            found.append((name, view_class))
    return found


def test_the_walk_finds_the_write_views():
    names = {name for name, _view in _write_views()}
    assert {"actors:actor-create", "actors:actor-edit", "actors:actor-delete"} <= names
    assert len(names) >= 60


def _how_it_writes(name: str, view_class: Any) -> str | None:
    """What is wrong with the way this view writes, or None."""
    service = view_class.service
    if service is not None:
        parameters = inspect.signature(service).parameters
        if "acting_user" not in parameters:
            return f"{name}: its service {service.__name__} takes no acting_user"
        first = next(iter(parameters.values()))
        if first.kind not in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD):
            return f"{name}: its service {service.__name__} does not take its target first"
        if issubclass(view_class, ObjectDeleteView):
            # A deletion hands the service the object and the person, nothing else.
            try:
                inspect.signature(service).bind(object(), acting_user=None)
            except TypeError as error:
                return f"{name}: {service.__name__} cannot delete with (obj, acting_user): {error}"
        return None
    if issubclass(view_class, ObjectDeleteView):
        if view_class.delete_object is ObjectDeleteView.delete_object:
            return f"{name}: declares no service and does not override delete_object()"
    elif not issubclass(view_class, ServiceFormMixin):
        return f"{name}: {view_class.__qualname__} is neither a form nor a delete view"
    elif view_class.perform is ServiceFormMixin.perform:
        return f"{name}: declares no service and does not override perform()"
    return None


def test_every_write_view_declares_its_service_or_says_how_it_writes():
    problems = [_how_it_writes(name, view_class) for name, view_class in _write_views()]
    assert [problem for problem in problems if problem] == []


def test_the_check_above_catches_a_view_that_does_not_say_how_it_writes():
    class Silent(ObjectFormView):
        pass

    class SilentDelete(ObjectDeleteView):
        pass

    class WrongService(ObjectDeleteView):
        service = staticmethod(lambda obj, *, acting_user, reason: None)

    assert "perform()" in str(_how_it_writes("x:silent", Silent))
    assert "delete_object()" in str(_how_it_writes("x:silent-delete", SilentDelete))
    assert "cannot delete" in str(_how_it_writes("x:wrong", WrongService))


def _service(target: Any, *, acting_user: Any, **values: Any) -> dict[str, Any]:
    return {"target": target, "acting_user": acting_user, **values}


class _Form:
    def __init__(self, service_values: dict[str, Any] | None = None, **cleaned: Any) -> None:
        self.cleaned_data = cleaned
        if service_values is not None:
            self.service_values = lambda: dict(service_values)


class _FormView(ServiceFormMixin):
    """The declaring part of a form view, without request or database."""

    target: Any = "the government"

    @property
    def acting_user(self) -> Any:
        return "the person"

    def get_service_target(self) -> Any:
        return self.target


def test_a_declared_service_is_called_with_the_house_signature():
    class View(_FormView):
        service = staticmethod(_service)

    assert View().perform(_Form(name="Lyon", kind="city")) == {
        "target": "the government",
        "acting_user": "the person",
        "name": "Lyon",
        "kind": "city",
    }


def test_the_form_service_values_come_first_then_the_extra_fields():
    class View(_FormView):
        service = staticmethod(_service)
        extra_service_fields = ("tags",)

    form = _Form({"name": "Lyon"}, name="ignored", tags=["culture"], other="not sent")
    assert View().perform(form) == {
        "target": "the government",
        "acting_user": "the person",
        "name": "Lyon",
        "tags": ["culture"],
    }


def test_service_fields_pick_from_the_cleaned_data():
    class View(_FormView):
        service = staticmethod(_service)
        service_fields = ("name",)

    form = _Form({"name": "from service_values"}, name="Lyon", other="not sent")
    assert View().get_service_values(form) == {"name": "Lyon"}


def test_a_view_without_a_service_says_so():
    with pytest.raises(ImproperlyConfigured, match="declares no service"):
        _FormView().perform(_Form(name="Lyon"))

    class Delete(ObjectDeleteView):
        pass

    with pytest.raises(ImproperlyConfigured, match="declares no service"):
        Delete().delete_object(object())


def test_a_service_declared_without_staticmethod_is_refused_at_once():
    with pytest.raises(TypeError, match="staticmethod"):

        class View(_FormView):
            service = _service  # would be bound: the view itself would be the target


def test_the_delete_view_hands_the_object_to_its_service():
    calls = []

    class Delete(ObjectDeleteView):
        service = staticmethod(lambda obj, *, acting_user: calls.append((obj, acting_user)))

        @property
        def acting_user(self) -> Any:
            return "the person"

    Delete().delete_object("the object")
    assert calls == [("the object", "the person")]


# --- The URL helper ------------------------------------------------------------------------


def _routes(patterns: list[URLPattern]) -> list[tuple[str, str | None, Any]]:
    return [
        (str(p.pattern), p.name, getattr(p.callback, "view_class", p.callback)) for p in patterns
    ]


def test_the_helper_builds_the_usual_patterns_in_order():
    class Delete(ObjectDeleteView):
        pass

    patterns = object_urlpatterns(
        "actor",
        list=ObjectListView,
        create=ObjectFormView,
        detail=ObjectDetailView,
        edit=ObjectFormView,
        delete=Delete,
        history=ObjectDetailView,
    )
    assert _routes(patterns) == [
        ("", "actor-list", ObjectListView),
        ("new/", "actor-create", ObjectFormView),
        ("<int:pk>/", "actor-detail", ObjectDetailView),
        ("<int:pk>/edit/", "actor-edit", ObjectFormView),
        ("<int:pk>/delete/", "actor-delete", Delete),
        ("<int:pk>/history/", "actor-history", ObjectDetailView),
    ]
    match = patterns[2].resolve("12/")
    assert match is not None
    assert match.kwargs == {"pk": 12}
    assert patterns[2].resolve("twelve/") is None


def test_the_helper_takes_a_prefix_and_leaves_out_what_it_is_not_given():
    def view(request: Any) -> None:
        return None

    patterns = object_urlpatterns("commitment", prefix="commitments/", list=view, detail=view)
    assert _routes(patterns) == [
        ("commitments/", "commitment-list", view),
        ("commitments/<int:pk>/", "commitment-detail", view),
    ]


def test_the_helper_refuses_a_prefix_without_slash_and_an_empty_call():
    with pytest.raises(ValueError, match="slash"):
        object_urlpatterns("action", prefix="actions", list=ObjectListView)
    with pytest.raises(ValueError, match="no view"):
        object_urlpatterns("action")
