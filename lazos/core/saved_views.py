"""Saved views of register lists: filters and sort order kept under a name (#14).

A member saves the list as they see it (its query string, without the page) for themselves,
or, as a coordinator or administrator, shared with the whole government. Each person may
choose one view of a list as their default: the list opens with it until they choose
another or open the list with "all".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import User
from lazos.core import audit
from lazos.core.models import SavedView
from lazos.core.services import delete_audited, save_audited
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership

# Parameters that belong to one visit of a list, never to a view of it.
TRANSIENT = ("page", "export", "view")
# Opens a list without the person's default view.
ALL = "all"
SHARERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


def view_query(params: QueryDict) -> str:
    """The part of a list's query string a view keeps: filters and sort, in a stable order."""
    kept = params.copy()
    for name in TRANSIENT:
        kept.pop(name, None)
    return "&".join(
        sorted(part for part in kept.urlencode().split("&") if part and not part.endswith("="))
    )


def views_of_list(government: Government, user: User, list_name: str) -> QuerySet[SavedView]:
    """The views of a list a person sees (their own and the shared ones), each annotated with
    ``is_default`` (the person's default view of the list): one query."""
    defaults = SavedView.default_for.through.objects.filter(
        savedview_id=OuterRef("pk"), user_id=user.pk
    )
    return (
        SavedView.objects.for_tenant(government)
        .filter(list_name=list_name)
        .filter(Q(owner=user) | Q(is_shared=True))
        .annotate(is_default=Exists(defaults))
        .select_related("owner")
        .order_by("-is_shared", "name", "id")
    )


def _role(government: Government, user: User) -> str | None:
    membership = Membership.objects.for_tenant(government).filter(user=user).first()
    return membership.role if membership else None


@transaction.atomic
def save_view(
    government: Government,
    *,
    acting_user: User,
    list_name: str,
    name: str,
    query: str = "",
    is_shared: bool = False,
) -> SavedView:
    """Save (or update, when the person already has a view of that name) a view of a list."""
    role = _role(government, acting_user)
    if role is None:
        raise PermissionDenied(_("Only members of the government save views of its lists."))
    if is_shared and role not in SHARERS:
        raise PermissionDenied(
            _("Only coordinators and administrators share views with the whole government.")
        )
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    view = SavedView.objects.for_tenant(government).filter(
        owner=acting_user, list_name=list_name, name=name
    ).first() or SavedView(government=government, owner=acting_user, list_name=list_name)
    return save_audited(
        view,
        acting_user=acting_user,
        fields=("name", "query", "is_shared"),
        values={"name": name, "query": query, "is_shared": is_shared},
    )


def _check_may_change(view: SavedView, government: Government, acting_user: User) -> None:
    if view.owner_id == acting_user.pk:
        return
    if view.is_shared and _role(government, acting_user) in SHARERS:
        return
    raise PermissionDenied(_("Only the person who saved this view may change it."))


@transaction.atomic
def delete_view(view: SavedView, *, government: Government, acting_user: User) -> None:
    """Delete a view: its owner, or a coordinator or administrator for a shared one."""
    _check_may_change(view, government, acting_user)
    delete_audited(view, acting_user=acting_user)


@transaction.atomic
def set_default_view(
    government: Government, *, acting_user: User, list_name: str, view: SavedView | None
) -> None:
    """Make ``view`` the person's default for ``list_name``, or clear it (``None``)."""
    if view is not None and not (view.owner_id == acting_user.pk or view.is_shared):
        raise PermissionDenied(_("This view is not yours to choose."))
    current = SavedView.objects.for_tenant(government).filter(
        list_name=list_name, default_for=acting_user
    )
    for old in current:
        if old != view:
            with audit.recording(old, actor=acting_user):
                old.default_for.remove(acting_user)
    if view is not None and view not in current:
        with audit.recording(view, actor=acting_user):
            view.default_for.add(acting_user)
