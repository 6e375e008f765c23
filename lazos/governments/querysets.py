from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.accounts.models import User
    from lazos.governments.models import Department, Government, Membership  # noqa: F401


class GovernmentQuerySet(models.QuerySet["Government"]):
    def of_user(self, user: User) -> Self:
        """Governments the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class MembershipQuerySet(TenantQuerySet["Membership"]):
    def of_user(self, user: User) -> Self:
        return self.filter(user=user).select_related("government")


class DepartmentQuerySet(TenantQuerySet["Department"]):
    def active(self) -> Self:
        return self.filter(is_active=True)


MembershipManager = models.Manager.from_queryset(MembershipQuerySet)
DepartmentManager = models.Manager.from_queryset(DepartmentQuerySet)
