"""Query budgets: list pages cost the same with 2 rows as with 12."""

import pytest
from django.urls import reverse

from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import DepartmentFactory, MembershipFactory
from lazos.governments import services

pytestmark = pytest.mark.django_db


def test_department_list(world):
    assert_constant_queries(
        world.client_for("viewer"),
        reverse("governments:department-list"),
        lambda n: DepartmentFactory.create_batch(n, government=world.government),
        budget=10,
    )


def test_member_list(world):
    def add(n: int) -> None:
        for membership in MembershipFactory.create_batch(
            n, government=world.government, role="editor"
        ):
            membership.departments.set([world.department])

    assert_constant_queries(
        world.client_for("viewer"), reverse("governments:membership-list"), add, budget=10
    )


def test_activity_log(world):
    def add(n: int) -> None:
        for _ in range(n):
            services.create_department(
                world.government,
                acting_user=world.users["coordinator"],
                name=f"D{_}-{n}",
                acronym="",
                description="",
                email="",
                is_active=True,
            )

    assert_constant_queries(
        world.client_for("coordinator"), reverse("governments:activity"), add, budget=12
    )


def test_dashboard(world):
    def add(n: int) -> None:
        DepartmentFactory.create_batch(n, government=world.government)

    assert_constant_queries(
        world.client_for("coordinator"), reverse("governments:dashboard"), add, budget=12
    )
