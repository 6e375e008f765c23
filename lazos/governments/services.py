"""Every write to governments, memberships and departments: validated, audited, atomic."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lazos.accounts.emails import send_invitation
from lazos.accounts.models import User
from lazos.core import audit
from lazos.core.tenancy import require_same_government
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government, Membership

GOVERNMENT_FIELDS = (
    "name",
    "slug",
    "kind",
    "country",
    "subdivision",
    "place",
    "population",
    "official_languages",
    "currency",
    "dormancy_months",
    "term_ends_on",
    "portal_enabled",
    "portal_intro",
    "iati_organisation_identifier",
    "iati_organisation_type",
    "open_data_licence",
)
DEPARTMENT_FIELDS = ("name", "acronym", "description", "email", "is_active")


def _assign(instance: Any, fields: tuple[str, ...], values: dict[str, Any]) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(instance, name, value)


# --- Governments -----------------------------------------------------------------------------


@transaction.atomic
def create_government(
    *, acting_user: User | None, is_demo: bool = False, **values: Any
) -> Government:
    """Create a government. Only superusers (or commands) may do this."""
    if acting_user is not None and not acting_user.is_superuser:
        raise PermissionDenied(_("Only instance administrators can create governments."))
    government = Government(is_demo=is_demo)
    _assign(government, GOVERNMENT_FIELDS, values)
    with audit.recording(government, actor=acting_user):
        government.full_clean()
        government.save()
    return government


@transaction.atomic
def update_government(
    government: Government, *, acting_user: User | None, **values: Any
) -> Government:
    with audit.recording(government, actor=acting_user):
        _assign(government, GOVERNMENT_FIELDS, values)
        government.full_clean()
        government.save()
    return government


# --- Members ---------------------------------------------------------------------------------


def _membership_label(user: User, role: str) -> str:
    return f"{user.get_full_name() or user.username} · {Role(role).label}"


@transaction.atomic
def add_member(
    government: Government,
    *,
    acting_user: User | None,
    user: User,
    role: str,
    departments: list[Department] | tuple[Department, ...] = (),
) -> Membership:
    """Give ``user`` a role in ``government``."""
    membership = Membership(government=government, user=user, role=role)
    with audit.recording(membership, actor=acting_user, object_repr=_membership_label(user, role)):
        membership.full_clean()
        membership.save()
        _set_departments(membership, departments)
    return membership


@transaction.atomic
def invite_member(
    government: Government,
    *,
    acting_user: User | None,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    departments: list[Department] | tuple[Department, ...] = (),
) -> tuple[Membership, bool]:
    """Add the person with this email, creating their account when they have none.

    Returns the membership and whether an account was created. A new account gets a random
    password nobody knows: the person chooses theirs through the link sent by email (or later
    through "forgotten password", which Django offers only to accounts with a usable password).
    """
    UserModel = get_user_model()
    email = UserModel.objects.normalize_email(email).strip()
    user = UserModel.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = UserModel(
            username=_free_username(email), email=email, first_name=first_name, last_name=last_name
        )
        user.set_password(secrets.token_urlsafe(32))
        with audit.recording(user, actor=acting_user):
            user.full_clean(exclude=["password"])
            user.save()
    if Membership.objects.for_tenant(government).filter(user=user).exists():
        raise ValidationError({"email": _("This person is already a member of this government.")})
    membership = add_member(
        government, acting_user=acting_user, user=user, role=role, departments=departments
    )
    if created:
        transaction.on_commit(lambda: _send_invitation(user.pk, government.pk))
    return membership, created


def _free_username(email: str) -> str:
    UserModel = get_user_model()
    base = email.split("@")[0][:140] or "user"
    candidate, n = base, 1
    while UserModel.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _send_invitation(user_id: int, government_id: int) -> None:

    send_invitation(user_id=user_id, government_id=government_id)


@transaction.atomic
def change_member_role(
    membership: Membership,
    *,
    acting_user: User | None,
    role: str,
    departments: list[Department] | tuple[Department, ...] = (),
) -> Membership:
    if membership.role == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR:
        _ensure_another_administrator(membership)
    with audit.recording(
        membership, actor=acting_user, object_repr=_membership_label(membership.user, role)
    ):
        membership.role = role
        membership.full_clean()
        membership.save()
        _set_departments(membership, departments if role == Role.EDITOR else ())
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, acting_user: User | None) -> None:
    if membership.role == Role.ADMINISTRATOR:
        _ensure_another_administrator(membership)
    audit.record_deletion(
        membership,
        actor=acting_user,
        object_repr=_membership_label(membership.user, membership.role),
    )
    membership.delete()


def _ensure_another_administrator(membership: Membership) -> None:
    others = (
        Membership.objects.for_tenant(membership.government_id)
        .filter(role=Role.ADMINISTRATOR)
        .exclude(pk=membership.pk)
        .select_for_update()
    )
    if not others.exists():
        raise ValidationError(_("A government must keep at least one administrator."))


def _set_departments(membership: Membership, departments: Any) -> None:
    departments = list(departments)
    require_same_government(membership.government_id, "departments", departments)
    membership.departments.set(departments)
    membership.__dict__.pop("department_ids", None)


# --- Departments -----------------------------------------------------------------------------


@transaction.atomic
def create_department(
    government: Government, *, acting_user: User | None, **values: Any
) -> Department:
    department = Department(government=government)
    _assign(department, DEPARTMENT_FIELDS, values)
    with audit.recording(department, actor=acting_user):
        department.full_clean()
        department.save()
    return department


@transaction.atomic
def update_department(
    department: Department, *, acting_user: User | None, **values: Any
) -> Department:
    with audit.recording(department, actor=acting_user):
        _assign(department, DEPARTMENT_FIELDS, values)
        department.full_clean()
        department.save()
    return department


@transaction.atomic
def delete_department(department: Department, *, acting_user: User | None) -> None:
    audit.record_deletion(department, actor=acting_user)
    department.delete()
