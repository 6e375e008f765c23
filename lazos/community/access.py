"""Who reads the community and what they may moderate.

The community is shared by every government of the instance, so the usual tenant scoping
(``for_tenant``) does not apply. What a person sees depends on three facts, gathered once per
request in a :class:`Reader`:

- everyone who belongs to a government reads what is not hidden;
- the administrators of a government moderate (and so also see hidden) what was written from
  that government;
- instance administrators (``is_staff`` or ``is_superuser``) moderate everything.

Authors keep seeing their own hidden posts (marked, with the moderator's reason), but may no
longer edit them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lazos.governments.choices import Role
from lazos.governments.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from lazos.accounts.models import User


@dataclass(frozen=True)
class Reader:
    user_id: int | None
    administered: frozenset[int] = frozenset()  # ids of governments the person administers
    is_instance_moderator: bool = False
    is_member: bool = False  # belongs to at least one government

    @property
    def is_moderator(self) -> bool:
        return self.is_instance_moderator or bool(self.administered)

    def may_moderate(self, government_id: int | None) -> bool:
        return self.is_instance_moderator or government_id in self.administered


SYSTEM = Reader(user_id=None, is_instance_moderator=True, is_member=True)


def is_instance_moderator(user: User | AnonymousUser | None) -> bool:
    return bool(user is not None and (user.is_staff or user.is_superuser))


def reader_from_request(request: HttpRequest) -> Reader:
    """The reader of a request; uses the memberships the middleware loaded (no query), none
    when it did not run."""
    user = request.user
    memberships: list[Membership] = getattr(request, "memberships", None) or []
    return Reader(
        user_id=user.pk,
        administered=frozenset(
            m.government_id for m in memberships if m.role == Role.ADMINISTRATOR
        ),
        is_instance_moderator=is_instance_moderator(user),
        is_member=bool(memberships),
    )


def reader_for(user: User | None) -> Reader:
    """The reader for ``user`` outside a request (services); ``None`` is the system."""
    if user is None:
        return SYSTEM

    roles = list(Membership.objects.filter(user=user).values_list("government_id", "role"))
    return Reader(
        user_id=user.pk,
        administered=frozenset(gid for gid, role in roles if role == Role.ADMINISTRATOR),
        is_instance_moderator=is_instance_moderator(user),
        is_member=bool(roles),
    )
