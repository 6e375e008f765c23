"""Who may do what: a permission policy per model, decided by the member's role.

Roles (see ``governments.choices.Role``):

- administrator: everything, including members and the government's settings;
- coordinator (international office): views and changes all the government's work;
- editor: views everything, changes only work owned by their departments;
- viewer: views only.

A model declares its policy with a ``permission_policy`` class attribute; the default
:class:`RolePolicy` applies. Department-owned models use :class:`DepartmentPolicy`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from lazos.governments.choices import Role

if TYPE_CHECKING:
    from django.db import models

    from lazos.governments.models import Membership


class Operation(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    MANAGE = "manage"  # members and government settings


class RolePolicy:
    """Permissions by role alone."""

    roles: dict[Operation, frozenset[str]] = {
        Operation.VIEW: frozenset(Role.values),
        Operation.ADD: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
        Operation.CHANGE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
        Operation.DELETE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
        Operation.MANAGE: frozenset({Role.ADMINISTRATOR}),
    }

    def allows(self, membership: Membership | None, action: Operation) -> bool:
        """May this member do ``action`` on some object of this kind?"""
        return membership is not None and membership.role in self.roles[action]

    def allows_on(self, membership: Membership | None, action: Operation, obj: Any) -> bool:
        """May this member do ``action`` on this object? (the object is in their government)"""
        return self.allows(membership, action)


class AdministratorPolicy(RolePolicy):
    """Only administrators change these (members, government settings)."""

    roles = {
        **RolePolicy.roles,
        Operation.ADD: frozenset({Role.ADMINISTRATOR}),
        Operation.CHANGE: frozenset({Role.ADMINISTRATOR}),
        Operation.DELETE: frozenset({Role.ADMINISTRATOR}),
    }


class DepartmentPolicy(RolePolicy):
    """Editors also change objects owned by one of their departments.

    The model tells which departments own an object through ``owning_department_ids()``.
    """

    roles = {
        **RolePolicy.roles,
        Operation.ADD: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
        Operation.CHANGE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
        Operation.DELETE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR}),
    }

    def allows_on(self, membership: Membership | None, action: Operation, obj: Any) -> bool:
        if not self.allows(membership, action):
            return False
        assert membership is not None
        if membership.role != Role.EDITOR or action == Operation.VIEW:
            return True
        mine = set(membership.department_ids)
        return bool(mine & set(obj.owning_department_ids()))


def policy_for(model: type[models.Model] | models.Model) -> RolePolicy:
    return getattr(model, "permission_policy", None) or RolePolicy()


OWN_DEPARTMENTS_ONLY = _("Your role only lets you record the work of your own departments.")


def check_may_write(membership: Membership | None, operation: Operation, obj: Any) -> None:
    """The one check, for web forms and the API alike, that this member may ``operation``
    (add, change, delete) this object as it would be saved: an editor only the work of their
    own departments. Raises ``PermissionDenied`` with the reason."""
    if not policy_for(type(obj)).allows_on(membership, operation, obj):
        raise PermissionDenied(OWN_DEPARTMENTS_ONLY)
