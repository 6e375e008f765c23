"""Query budgets: each page costs the same with 10 rows as with 500."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from lazos.core.audit import AuditAction, Channel
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import DepartmentFactory, MembershipFactory, UserFactory
from lazos.governments.models import Department, Membership

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 500


def _events(world, target, n: int) -> None:
    """``n`` audit rows about ``target`` (bulk: the budget is about reading them)."""
    content_type = ContentType.objects.get_for_model(target)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            government=world.government,
            actor=world.users["coordinator"],
            actor_label="coordinator",
            channel=Channel.WEB,
            action=AuditAction.UPDATE,
            content_type=content_type,
            object_id=str(target.pk),
            object_repr=str(target),
            changes={"name": {"before": f"a{i}", "after": f"b{i}"}},
            occurred_at=timezone.now(),
        )
        for i in range(n)
    )


def _editors(world, department: Department, n: int) -> None:
    users = UserFactory.create_batch(n)
    memberships = Membership.objects.bulk_create(
        Membership(government=world.government, user=user, role="editor") for user in users
    )
    Membership.departments.through.objects.bulk_create(
        Membership.departments.through(membership_id=m.pk, department_id=department.pk)
        for m in memberships
    )


def test_department_list(world):
    assert_constant_queries(
        world.client_for("viewer"),
        reverse("governments:department-list"),
        lambda n: Department.objects.bulk_create(
            Department(government=world.government, name=f"Dept {n}-{i}") for i in range(n)
        ),
        budget=10,
        few=FEW,
        many=MANY,
    )


def test_department_detail_with_many_editors(world):
    department = DepartmentFactory.create(government=world.government)
    assert_constant_queries(
        world.client_for("viewer"),
        reverse("governments:department-detail", args=[department.pk]),
        lambda n: _editors(world, department, n),
        budget=10,
        few=FEW,
        many=MANY,
    )


def test_member_list(world):
    assert_constant_queries(
        world.client_for("viewer"),
        reverse("governments:membership-list"),
        lambda n: _editors(world, world.department, n),
        budget=10,
        few=FEW,
        many=MANY,
    )


def test_member_detail(world):
    membership = MembershipFactory.create(government=world.government, role="editor")
    departments = DepartmentFactory.create_batch(3, government=world.government)
    membership.departments.set(departments)
    assert_constant_queries(
        world.client_for("viewer"),
        reverse("governments:membership-detail", args=[membership.pk]),
        lambda n: Department.objects.bulk_create(
            Department(government=world.government, name=f"Other {n}-{i}") for i in range(n)
        ),
        budget=10,
        few=FEW,
        many=MANY,
    )


def test_activity_log(world):
    assert_constant_queries(
        world.client_for("coordinator"),
        reverse("governments:activity"),
        lambda n: _events(world, world.department, n),
        budget=12,
        few=FEW,
        many=MANY,
    )


def test_history_tab(world):
    assert_constant_queries(
        world.client_for("viewer"),
        reverse("governments:department-history", args=[world.department.pk]),
        lambda n: _events(world, world.department, n),
        budget=10,
        few=FEW,
        many=MANY,
    )


def test_dashboard(world):
    assert_constant_queries(
        world.client_for("coordinator"),
        reverse("governments:dashboard"),
        lambda n: _events(world, world.department, n),
        # the home page's sections: one query each, the solidarity ties 4, the jobs one
        # per kind (test_home.py counts them with rows of every kind); the recent changes'
        # objects named now, in the reader's language: one per kind of object
        budget=29,
        few=FEW,
        many=MANY,
    )
