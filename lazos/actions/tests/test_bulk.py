"""Bulk changes of the action and commitment lists (core/bulk.py): permissions per role, one
audit event per object, tenant isolation, "all matching the filters", the preview's query
budget, the large selection's job, deletion."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lazos.actions.choices import ActionStatus
from lazos.actions.models import Action
from lazos.actions.tests.factories import ActionFactory, CommitmentFactory
from lazos.core import bulk, bulk_views
from lazos.core.audit import AuditAction, Channel
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory
from lazos.core.testing.matrix import assert_permission_matrix
from lazos.core.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

CHANGE_URL = "actions:action-bulk-change"
DELETE_URL = "actions:action-bulk-delete"


def events(actions: list[Action], action: str = AuditAction.UPDATE) -> list[AuditEvent]:
    content_type = ContentType.objects.get_for_model(Action)
    return list(
        AuditEvent.objects.filter(
            content_type=content_type,
            object_id__in=[str(a.pk) for a in actions],
            action=action,
        )
    )


def two_actions(world: Any) -> tuple[Action, Action]:
    """One action of the editor's department, one of another department."""
    other = DepartmentFactory.create(government=world.government, name="Economy")
    mine = ActionFactory.create(government=world.government, lead_department=world.department)
    theirs = ActionFactory.create(government=world.government, lead_department=other)
    return mine, theirs


def status_post(*actions: Action, status: str = ActionStatus.COMPLETED) -> dict[str, Any]:
    return {"pk": [str(a.pk) for a in actions], "change": "status", "status": status}


EXPECTED = {
    # who: (status of the POST, which of (mine, theirs) change)
    "anonymous": (302, (False, False)),
    "stranger": (403, (False, False)),
    "outsider": (302, (False, False)),  # their government has no such ids: nothing selected
    "viewer": (403, (False, False)),
    "editor": (302, (True, False)),
    "coordinator": (302, (True, True)),
    "administrator": (302, (True, True)),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_bulk_change_permissions_per_role(world, who):
    mine, theirs = two_actions(world)
    status, changes = EXPECTED[who]
    response = world.client_for(who).post(reverse(CHANGE_URL), status_post(mine, theirs))
    assert response.status_code == status
    for action, changed in zip((mine, theirs), changes, strict=True):
        action.refresh_from_db()
        expected = ActionStatus.COMPLETED if changed else ActionStatus.PLANNED
        assert action.status == expected, (who, action)
    # One audit event per changed object, on the web channel, by the person.
    written = events([mine, theirs])
    assert len(written) == sum(changes)
    assert all(e.channel == Channel.WEB and e.actor_id == world.users[who].pk for e in written)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_bulk_delete_permissions_per_role(world, who):
    mine, theirs = two_actions(world)
    _status, changes = EXPECTED[who]
    data = {"pk": [str(mine.pk), str(theirs.pk)]}
    response = world.client_for(who).post(reverse(DELETE_URL), data)
    assert response.status_code == EXPECTED[who][0]
    remaining = set(Action.objects.filter(pk__in=[mine.pk, theirs.pk]).values_list("pk", flat=True))
    assert remaining == {a.pk for a, gone in zip((mine, theirs), changes, strict=True) if not gone}
    assert len(events([mine, theirs], AuditAction.DELETE)) == sum(changes)


def test_the_preview_shows_each_object_and_the_editors_refusals(world):
    mine, theirs = two_actions(world)
    client = world.client_for("editor")
    response = client.get(reverse(CHANGE_URL), status_post(mine, theirs))
    assert response.status_code == 200
    rows = {row.obj.pk: row for row in response.context["preview"]["rows"]}
    assert rows[mine.pk].will_change
    assert rows[mine.pk].current == "planned"
    assert rows[mine.pk].proposed == "completed"
    assert not rows[theirs.pk].will_change
    assert "does not let you change" in rows[theirs.pk].refusal
    assert response.context["preview"]["changing"] == 1
    # Nothing is written by the preview.
    mine.refresh_from_db()
    assert mine.status == ActionStatus.PLANNED
    assert not events([mine, theirs])


def test_an_editor_cannot_move_work_out_of_their_departments(world):
    mine, _theirs = two_actions(world)
    other = DepartmentFactory.create(government=world.government, name="Sports")
    data = {"pk": [str(mine.pk)], "change": "lead_department", "lead_department": str(other.pk)}
    response = world.client_for("editor").get(reverse(CHANGE_URL), data)
    (row,) = response.context["preview"]["rows"]
    assert "own departments" in row.refusal
    world.client_for("editor").post(reverse(CHANGE_URL), data)
    mine.refresh_from_db()
    assert mine.lead_department == world.department
    assert world.client_for("coordinator").post(reverse(CHANGE_URL), data).status_code == 302
    mine.refresh_from_db()
    assert mine.lead_department == other


def test_the_models_own_rules_refuse_in_the_preview_and_nothing_is_written(world):
    """A public action needs a public summary: the preview says so for the one without."""
    with_summary = ActionFactory.create(government=world.government, public_summary="Shared.")
    without = ActionFactory.create(government=world.government)
    data = {"pk": [str(with_summary.pk), str(without.pk)], "change": "is_public", "is_public": "1"}
    client = world.client_for("coordinator")
    rows = {r.obj.pk: r for r in client.get(reverse(CHANGE_URL), data).context["preview"]["rows"]}
    assert rows[with_summary.pk].will_change
    assert "public summary" in rows[without.pk].refusal
    client.post(reverse(CHANGE_URL), data)
    assert Action.objects.get(pk=with_summary.pk).is_public
    assert not Action.objects.get(pk=without.pk).is_public
    assert len(events([with_summary, without])) == 1


def test_another_governments_ids_in_the_post_change_nothing(world):
    foreign = ActionFactory.create(government=world.other_government)
    ours = ActionFactory.create(government=world.government)
    client = world.client_for("administrator")
    response = client.post(reverse(CHANGE_URL), status_post(foreign, ours))
    assert response.status_code == 302
    foreign.refresh_from_db()
    ours.refresh_from_db()
    assert foreign.status == ActionStatus.PLANNED
    assert ours.status == ActionStatus.COMPLETED
    assert not events([foreign])
    # ... nor does a deletion, and the preview does not show it.
    client.post(reverse(DELETE_URL), {"pk": [str(foreign.pk)]})
    assert Action.objects.filter(pk=foreign.pk).exists()
    preview = client.get(reverse(DELETE_URL), {"pk": [str(foreign.pk)]})
    assert foreign.title not in preview.content.decode()


def test_all_matching_the_filters_uses_the_lists_filterset(world):
    ideas = ActionFactory.create_batch(3, government=world.government, status=ActionStatus.IDEA)
    planned = ActionFactory.create(government=world.government, status=ActionStatus.PLANNED)
    foreign = ActionFactory.create(government=world.other_government, status=ActionStatus.IDEA)
    data = {
        "select_all": "1",
        "filters": "status=idea",
        "change": "status",
        "status": ActionStatus.ONGOING,
    }
    response = world.client_for("coordinator").post(reverse(CHANGE_URL), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?status=idea")
    statuses = dict(Action.objects.values_list("pk", "status"))
    assert {statuses[a.pk] for a in ideas} == {ActionStatus.ONGOING}
    assert statuses[planned.pk] == ActionStatus.PLANNED
    assert statuses[foreign.pk] == ActionStatus.IDEA
    # Invalid filters select nothing, as on the list.
    data["filters"] = "status=nonsense"
    data["status"] = ActionStatus.CANCELLED
    world.client_for("coordinator").post(reverse(CHANGE_URL), data)
    assert not Action.objects.filter(status=ActionStatus.CANCELLED).exists()


def test_select_all_on_the_page_without_javascript(world):
    actions = ActionFactory.create_batch(2, government=world.government)
    data = {"select_page": "1", "page_pk": [str(a.pk) for a in actions], "change": "status"}
    data["status"] = ActionStatus.CANCELLED
    world.client_for("coordinator").post(reverse(CHANGE_URL), data)
    assert set(Action.objects.values_list("status", flat=True)) == {ActionStatus.CANCELLED}


def test_themes_and_tags_are_added_and_removed_through_the_service(world):
    action = ActionFactory.create(government=world.government)
    client = world.client_for("coordinator")
    url = reverse(CHANGE_URL)
    client.post(url, {"pk": [str(action.pk)], "change": "add_tags", "add_tags": "youth, culture"})
    assert sorted(t.name for t in action.tags.all()) == ["culture", "youth"]
    youth = action.tags.get(name="youth")
    client.post(url, {"pk": [str(action.pk)], "change": "remove_tags", "remove_tags": youth.pk})
    assert [t.name for t in action.tags.all()] == ["culture"]
    assert len(events([action])) == 2


def test_the_preview_makes_a_constant_number_of_queries(world):
    client = world.client_for("editor")
    other = DepartmentFactory.create(government=world.government, name="Economy")

    def add_rows(number: int) -> None:
        for index in range(number):
            department = world.department if index % 2 else other
            ActionFactory.create(government=world.government, lead_department=department)

    url = f"{reverse(CHANGE_URL)}?select_all=1&change=add_tags&add_tags=youth"
    assert_constant_queries(client, url, add_rows, budget=20)


def test_a_large_selection_runs_as_a_job_with_progress(world, monkeypatch):
    monkeypatch.setattr(bulk, "JOB_THRESHOLD", 3)
    actions = ActionFactory.create_batch(5, government=world.government)
    client = world.client_for("coordinator")
    response = client.post(reverse(CHANGE_URL), status_post(*actions))
    assert response.status_code == 302
    assert "/bulk/progress/" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["done"] == 5
    assert page.context["total"] == 5
    assert page.context["result"]["changed"] == 5
    assert set(Action.objects.values_list("status", flat=True)) == {ActionStatus.COMPLETED}
    written = events(actions)
    assert len(written) == 5
    assert {e.channel for e in written} == {Channel.JOB}
    assert {e.actor_id for e in written} == {world.users["coordinator"].pk}
    # Someone else cannot see the job's page.
    assert world.client_for("administrator").get(response["Location"]).status_code == 404


def test_only_members_who_may_write_see_the_checkboxes(world):
    ActionFactory.create(government=world.government)
    url = reverse("actions:action-list")
    for who, shown in (("viewer", False), ("editor", True), ("coordinator", True)):
        content = world.client_for(who).get(url).content.decode()
        assert ('id="bulk-form"' in content) is shown, who
        assert ("data-bulk-row" in content) is shown, who
    content = world.client_for("coordinator").get(url).content.decode()
    assert "Select all rows on this page" in content


def test_commitments_change_department_and_reopen(world):
    commitment = CommitmentFactory.create(government=world.government, status="done")
    client = world.client_for("coordinator")
    url = reverse("actions:commitment-bulk-change")
    response = client.post(url, {"pk": [str(commitment.pk)], "change": "status", "status": "open"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "open"
    assert commitment.completed_on is None


def test_a_preview_of_a_very_large_selection_checks_the_first_objects(world, monkeypatch):
    monkeypatch.setattr(bulk_views, "PREVIEW_ROWS", 2)
    ActionFactory.create_batch(3, government=world.government)
    client = world.client_for("coordinator")
    url = f"{reverse(CHANGE_URL)}?select_all=1&change=status&status=ongoing"
    preview = client.get(url).context["preview"]
    assert (len(preview["rows"]), preview["unchecked"], preview["total"]) == (2, 1, 3)
    data = {"select_all": "1", "filters": "", "change": "status", "status": "ongoing"}
    client.post(reverse(CHANGE_URL), data)
    assert set(Action.objects.values_list("status", flat=True)) == {ActionStatus.ONGOING}


def test_a_large_deletion_runs_as_a_job(world, monkeypatch):
    monkeypatch.setattr(bulk, "JOB_THRESHOLD", 1)
    actions = ActionFactory.create_batch(3, government=world.government)
    client = world.client_for("coordinator")
    response = client.post(reverse(DELETE_URL), {"pk": [str(a.pk) for a in actions]})
    page = client.get(response["Location"])
    assert page.context["result"]["changed"] == 3
    assert not Action.objects.exists()
    assert len(events(actions, AuditAction.DELETE)) == 3


def test_the_commitment_preview_makes_a_constant_number_of_queries(world):
    def add_rows(number: int) -> None:
        for _index in range(number):
            action = ActionFactory.create(government=world.government)
            action.departments.set([world.department])
            CommitmentFactory.create(government=world.government, action=action)

    url = f"{reverse('actions:commitment-bulk-change')}?select_all=1&change=status&status=done"
    assert_constant_queries(world.client_for("editor"), url, add_rows, budget=20)


@pytest.mark.parametrize(
    ("url_name", "editor"),
    [
        ("actions:action-bulk-change", 200),
        ("actions:action-bulk-delete", 200),
        ("actions:commitment-bulk-change", 200),
        ("agreements:agreement-bulk-change", 200),
        ("agreements:agreement-bulk-delete", 200),
        ("partners:partner-bulk-change", 403),  # partners: the office's (RolePolicy)
        ("partners:partner-bulk-delete", 403),
        ("actors:actor-bulk-change", 403),
        ("networks:network-bulk-delete", 403),
    ],
)
def test_the_bulk_pages_permission_matrix(world, url_name, editor):
    action = ActionFactory.create(government=world.government)
    expected = {
        "anonymous": 302,
        "stranger": 403,
        "outsider": 200,  # their own government's page: our ids select nothing there
        "administrator": 200,
        "coordinator": 200,
        "editor": editor,
        "viewer": 403,
    }
    assert_permission_matrix(world, reverse(url_name), expected, data={"pk": str(action.pk)})
