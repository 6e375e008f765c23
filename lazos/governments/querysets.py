from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    from lazos.accounts.models import User


class GovernmentQuerySet(models.QuerySet):
    def of_user(self, user: User) -> Self:
        """Governments the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class MembershipQuerySet(TenantQuerySet):
    def of_user(self, user: User) -> Self:
        return self.filter(user=user).select_related("government")


class DepartmentQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)
