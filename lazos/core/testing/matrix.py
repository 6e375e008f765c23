"""The permission matrix: one request per kind of person, each with its expected status.

Kinds of person (``ROLES`` plus two outsiders):

- ``anonymous``: not signed in;
- ``stranger``: signed in, member of no government;
- ``outsider``: administrator of *another* government (so another government's object
  is a 404 for them, a list shows none of ours);
- ``administrator``, ``coordinator``, ``editor``, ``viewer``: members of the government
  under test (the editor belongs to ``world.department``).

    world = build_world()
    assert_permission_matrix(world, url, {"anonymous": 302, "stranger": 403, "outsider": 404,
                                          "administrator": 200, "coordinator": 200,
                                          "editor": 403, "viewer": 403})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.test import Client

from lazos.accounts import two_factor
from lazos.accounts.models import User
from lazos.accounts.testing import sign_in_verified
from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government

ROLES = ("administrator", "coordinator", "editor", "viewer")
PEOPLE = ("anonymous", "stranger", "outsider", *ROLES)


@dataclass
class TenantWorld:
    government: Government
    other_government: Government
    department: Department
    users: dict[str, User] = field(default_factory=dict)

    def client_for(self, who: str) -> Client:
        """A client signed in as ``who``. When administrators must use two-factor sign-in
        (``LAZOS_REQUIRE_2FA_FOR_ADMINS``), theirs is a session that passed the second step."""
        client = Client()
        if who != "anonymous":
            user = self.users[who]
            if settings.LAZOS_REQUIRE_2FA_FOR_ADMINS and two_factor.required_for(user):
                sign_in_verified(client, user)
            else:
                client.force_login(user)
        return client


def build_world(prefix: str = "w") -> TenantWorld:
    """Two governments; one member per role in the first; an administrator of the second."""
    government = GovernmentFactory.create(name=f"{prefix} Alpha", slug=f"{prefix}-alpha")
    other = GovernmentFactory.create(name=f"{prefix} Beta", slug=f"{prefix}-beta", country="BR")
    department = DepartmentFactory.create(government=government, name=f"{prefix} Culture")
    world = TenantWorld(government=government, other_government=other, department=department)
    for role in ROLES:
        user = UserFactory.create(username=f"{prefix}-{role}")
        membership = MembershipFactory.create(government=government, user=user, role=role)
        if role == Role.EDITOR:
            membership.departments.set([department])
        world.users[role] = user
    world.users["outsider"] = UserFactory.create(username=f"{prefix}-outsider")
    MembershipFactory.create(
        government=other, user=world.users["outsider"], role=Role.ADMINISTRATOR
    )
    world.users["stranger"] = UserFactory.create(username=f"{prefix}-stranger")
    return world


def assert_permission_matrix(
    world: TenantWorld,
    url: str,
    expected: dict[str, int],
    *,
    method: str = "get",
    data: dict[str, Any] | None = None,
) -> None:
    """Request ``url`` as each kind of person and compare the status codes.

    ``expected`` must name every kind of person, so a new kind cannot be forgotten. Statuses
    are collected first and compared at once, so a failure shows the whole matrix.
    """
    missing = set(PEOPLE) - set(expected)
    assert not missing, f"permission matrix for {url} lacks {sorted(missing)}"
    actual = {}
    for who in PEOPLE:
        client = world.client_for(who)
        response = getattr(client, method)(url, data or {})
        actual[who] = response.status_code
    assert actual == expected, f"{method.upper()} {url}: expected {expected}, got {actual}"
