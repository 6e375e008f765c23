"""/api/v1/members/: the government's members as the members' page shows them, read-only,
for every member of the government and nobody else; a fixed number of queries."""

from __future__ import annotations

import pytest

from lazos.api.tests.helpers import api_client, assert_api_matrix
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.core.testing.builders import DepartmentFactory, MembershipFactory, UserFactory
from lazos.governments.models import Membership

pytestmark = pytest.mark.django_db

URL = "/api/v1/members/"
READERS = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}


def test_every_member_reads_the_members_and_nobody_else_does(world: TenantWorld) -> None:
    assert_api_matrix(
        world, "get", URL, {"anonymous": 401, "stranger": 403, "outsider": 200, **READERS}
    )
    editor = Membership.objects.get(government=world.government, user=world.users["editor"])
    detail = f"{URL}{editor.pk}/"
    # The outsider (a member of the other government only) gets its own government's members.
    assert_api_matrix(
        world, "get", detail, {"anonymous": 401, "stranger": 403, "outsider": 404, **READERS}
    )


def test_a_member_is_shown_with_role_and_departments(world: TenantWorld) -> None:
    culture = DepartmentFactory.create(government=world.government, name="Cultura")
    person = UserFactory.create(
        username="lucia", first_name="Lucía", last_name="Ñúñez", email="lucia@example.org"
    )
    membership = MembershipFactory.create(government=world.government, user=person, role="editor")
    membership.departments.add(culture)

    data = api_client(world, "viewer").get(f"{URL}{membership.pk}/").json()
    assert data["username"] == "lucia"
    assert data["name"] == "Lucía Ñúñez"
    assert data["email"] == "lucia@example.org"
    assert data["role"] == "editor"
    assert data["departments"] == [culture.pk]

    listed = api_client(world, "viewer").get(URL, {"role": "editor"}).json()["results"]
    assert "lucia" in {row["username"] for row in listed}
    assert {row["role"] for row in listed} == {"editor"}


def test_the_other_governments_members_are_never_listed(world: TenantWorld) -> None:
    stranger = UserFactory.create(username="their-coordinator")
    MembershipFactory.create(government=world.other_government, user=stranger)
    theirs = Membership.objects.get(government=world.other_government, user=stranger)

    client = api_client(world, "administrator")
    usernames = {row["username"] for row in client.get(URL).json()["results"]}
    assert "their-coordinator" not in usernames
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404


def test_members_cannot_be_written_through_the_api(world: TenantWorld) -> None:
    membership = Membership.objects.get(government=world.government, user=world.users["viewer"])
    client = api_client(world, "administrator")
    client.validate = False  # the schema rightly documents no write operation here
    assert client.post(URL, {"role": "viewer"}, format="json").status_code == 405
    response = client.patch(f"{URL}{membership.pk}/", {"role": "administrator"}, format="json")
    assert response.status_code == 405
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_the_list_costs_the_same_queries_with_many_members(world: TenantWorld) -> None:
    client = api_client(world, "viewer")
    department = world.department

    def add_rows(n: int) -> None:
        for _ in range(n):
            membership = MembershipFactory.create(government=world.government, role="editor")
            membership.departments.add(department)

    client.get(URL)  # the token's first use is recorded once: not part of the budget
    assert_constant_queries(client, f"{URL}?page_size=100", add_rows, budget=8)
