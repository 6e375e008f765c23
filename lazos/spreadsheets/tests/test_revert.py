"""Reverting a spreadsheet import: what it created deleted, what it changed restored, the
conflicts (changed since, referenced since) listed and left alone; refusals; the page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued

from lazos.actions.models import Action
from lazos.actions.services import create_action
from lazos.agreements.models import Agreement, AgreementTransition
from lazos.core import import_revert
from lazos.core.import_revert import RevertRefused, revert_reference, run_reference
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.core.testing.matrix import TenantWorld
from lazos.core.testing.queries import assert_constant_queries
from lazos.governments.models import Membership
from lazos.partners.models import Partner
from lazos.partners.services import create_partner, update_partner
from lazos.spreadsheets import services
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.runs import plan_revert, recording, revert_import
from lazos.spreadsheets.tests.helpers import write_xlsx

pytestmark = pytest.mark.django_db

PARTNER_HEADERS = ["External id", "Name", "Kind", "Country", "Description"]
ACTION_HEADERS = ["External id", "Title", "Modality", "Start", "End", "Partners"]


def run_file(
    world: TenantWorld, tmp_path: Path, kind: str, headers: list[str], rows: list[list[Any]]
) -> ImportRun:
    """Preview and apply a real file as the coordinator (the job runs at once in tests)."""
    user = world.users["coordinator"]
    membership = Membership.objects.get(government=world.government, user=user)
    path = write_xlsx(tmp_path / f"{kind}-{len(rows)}.xlsx", headers, rows)
    run = services.preview_import(
        world.government,
        acting_user=user,
        membership=membership,
        kind=kind,
        upload=SimpleUploadedFile(path.name, path.read_bytes()),
    )
    assert run.error_count == 0, run.errors
    run = services.queue_import(run, acting_user=user)
    assert run.status == "applied", run.errors
    return run


@pytest.fixture
def rosario(world: TenantWorld) -> Partner:
    return Partner.objects.create(
        government=world.government,
        name="Rosario",
        kind="local_government",
        country="AR",
        external_id="P-1",
        description="Twin city since 1990.",
    )


def partners_run(world: TenantWorld, tmp_path: Path, extra: int = 0) -> ImportRun:
    rows = [
        ["P-1", "Rosario", "local_government", "AR", "Twin city since 1991."],
        ["P-2", "Medellín", "local_government", "CO", ""],
        ["P-3", "Lyon", "local_government", "FR", ""],
        *[[f"X-{i}", f"City {i}", "local_government", "ES", ""] for i in range(extra)],
    ]
    return run_file(world, tmp_path, "partners", PARTNER_HEADERS, rows)


def test_revert_without_conflicts(world, rosario, tmp_path):
    run = partners_run(world, tmp_path)
    rosario.refresh_from_db()
    assert rosario.description == "Twin city since 1991."
    assert Partner.objects.for_tenant(world.government).count() == 3
    actions = run_file(
        world,
        tmp_path,
        "actions",
        ACTION_HEADERS,
        [["A-1", "Mission to Medellín", "mission abroad", "2024-03-01", "2024-03-05", "P-2"]],
    )
    action = Action.objects.get(external_id="A-1")
    assert list(action.partners.values_list("external_id", flat=True)) == ["P-2"]

    plan = plan_revert(actions, government=world.government)
    assert [(entry.model, entry.label) for entry in plan.deletions] == [
        (Action, "Mission to Medellín")
    ]
    assert not plan.conflicts
    assert not plan.restorations
    revert_import(actions, government=world.government, acting_user=world.users["coordinator"])
    assert not Action.objects.filter(pk=action.pk).exists()

    plan = plan_revert(run, government=world.government)
    assert sorted(entry.label for entry in plan.deletions) == ["Lyon", "Medellín"]
    assert [(entry.label, [f.name for f in entry.fields]) for entry in plan.restorations] == [
        ("Rosario", ["description"])
    ]
    assert not plan.conflicts
    done = revert_import(run, government=world.government, acting_user=world.users["coordinator"])
    assert (len(done.deletions), len(done.restorations), len(done.conflicts)) == (2, 1, 0)

    assert list(Partner.objects.for_tenant(world.government).values_list("name", flat=True)) == [
        "Rosario"
    ]
    rosario.refresh_from_db()
    assert rosario.description == "Twin city since 1990."
    run.refresh_from_db()
    assert run.reverted_by == world.users["coordinator"]
    assert run.reverted_at is not None

    events = AuditEvent.objects.filter(request_id=revert_reference(run))
    assert {event.channel for event in events} == {"import"}
    assert sorted((event.action, event.object_repr) for event in events) == sorted(
        [
            ("delete", "Medellín"),
            ("delete", "Lyon"),
            ("update", "Rosario"),
            ("update", str(run)),
        ]
    )
    restored = events.get(action="update", object_repr="Rosario")
    assert restored.changes == {
        "description": {"before": "Twin city since 1991.", "after": "Twin city since 1990."}
    }
    assert restored.actor == world.users["coordinator"]
    # The import's own events carry the run.
    assert AuditEvent.objects.filter(request_id=run_reference(run), action="create").count() == 2


def test_revert_with_conflicts(world, rosario, tmp_path):
    run = partners_run(world, tmp_path, extra=1)
    rosario.refresh_from_db()
    lyon = Partner.objects.get(external_id="P-3")
    medellin = Partner.objects.get(external_id="P-2")
    editor = world.users["administrator"]
    # Someone changes an updated value and a created partner after the import...
    update_partner(rosario, acting_user=editor, description="Twin city, renewed in 2024.")
    update_partner(lyon, acting_user=editor, name="Lyon Métropole")
    # ... and records an action with a partner the import created.
    create_action(
        world.government,
        acting_user=editor,
        title="Visit of Medellín",
        modality="delegation",
        partners=[medellin],
    )

    plan = plan_revert(run, government=world.government)
    conflicts = {entry.label: entry for entry in plan.conflicts}
    assert set(conflicts) == {"Rosario", "Lyon", "Medellín"}
    [description] = conflicts["Rosario"].fields
    assert (description.name, description.imported, description.current) == (
        "description",
        "Twin city since 1991.",
        "Twin city, renewed in 2024.",
    )
    assert description.changed_by == editor.username
    assert description.changed_at is not None
    [name] = conflicts["Lyon"].fields
    assert (name.imported, name.current, name.changed_by) == (
        "Lyon",
        "Lyon Métropole",
        editor.username,
    )
    assert "Visit of Medellín" in conflicts["Medellín"].reason
    assert [entry.label for entry in plan.deletions] == ["City 0"]
    assert not plan.restorations

    revert_import(run, government=world.government, acting_user=world.users["coordinator"])
    rosario.refresh_from_db()
    assert rosario.description == "Twin city, renewed in 2024."
    names = set(Partner.objects.for_tenant(world.government).values_list("name", flat=True))
    assert names == {"Rosario", "Lyon Métropole", "Medellín"}
    assert Action.objects.get(title="Visit of Medellín").partners.get() == medellin


def test_a_value_changed_back_since_is_neither_restored_nor_a_conflict(world, rosario, tmp_path):
    run = partners_run(world, tmp_path)
    rosario.refresh_from_db()
    update_partner(rosario, acting_user=world.users["coordinator"], description=rosario.description)
    update_partner(
        rosario, acting_user=world.users["coordinator"], description="Twin city since 1990."
    )
    plan = plan_revert(run, government=world.government)
    assert not plan.restorations
    assert not plan.conflicts


def test_refusals(world, rosario, tmp_path):
    coordinator = world.users["coordinator"]
    run = partners_run(world, tmp_path)
    ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - timedelta(days=31))
    run.refresh_from_db()
    with pytest.raises(RevertRefused, match="more than 30 days ago"):
        revert_import(run, government=world.government, acting_user=coordinator)
    assert Partner.objects.filter(external_id="P-2").exists()

    ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - timedelta(days=29))
    run.refresh_from_db()
    revert_import(run, government=world.government, acting_user=coordinator)
    with pytest.raises(RevertRefused, match=f"already reverted on .* by {coordinator}"):
        revert_import(run, government=world.government, acting_user=coordinator)

    previewed = ImportRun.objects.create(
        government=world.government, kind="partners", original_name="x.csv", file="x.csv"
    )
    with pytest.raises(RevertRefused, match="Only an applied import"):
        revert_import(previewed, government=world.government, acting_user=coordinator)


def test_revert_page_permissions_and_isolation(world, rosario, tmp_path):
    run = partners_run(world, tmp_path)
    url = reverse("spreadsheets:import-revert", args=[run.pk])
    expected = {
        "anonymous": 302,
        "stranger": 403,
        "outsider": 404,
        "administrator": 200,
        "coordinator": 200,
        "editor": 403,
        "viewer": 403,
    }
    assert_permission_matrix(world, url, expected)
    for who in ("anonymous", "stranger", "outsider", "editor", "viewer"):
        response = world.client_for(who).post(url)
        assert response.status_code == expected[who], who
    assert Partner.objects.filter(external_id="P-2").exists()

    detail = world.client_for("coordinator").get(run.get_absolute_url()).content.decode()
    assert url in detail
    assert url not in world.client_for("viewer").get(run.get_absolute_url()).content.decode()

    page = world.client_for("coordinator").get(url).content.decode()
    assert "Medellín" in page
    assert "Twin city since 1990." in page

    response = world.client_for("coordinator").post(url, follow=True)
    assert response.redirect_chain[-1][0] == run.get_absolute_url()
    content = response.content.decode()
    assert "Import reverted: 2 deleted, 1 restored" in content
    assert "Reverted" in content
    assert str(world.users["coordinator"]) in content
    assert not Partner.objects.filter(external_id="P-2").exists()
    assert url not in content  # no second revert offered

    again = world.client_for("administrator").get(url).content.decode()
    assert f"by {world.users['coordinator']}." in again


def test_revert_page_shows_conflicts(world, rosario, tmp_path):
    run = partners_run(world, tmp_path)
    update_partner(
        Partner.objects.get(external_id="P-3"),
        acting_user=world.users["administrator"],
        name="Lyon Métropole",
    )
    page = world.client_for("coordinator").get(reverse("spreadsheets:import-revert", args=[run.pk]))
    content = page.content.decode()
    assert "Created by the import and changed since" in content
    assert "Lyon Métropole" in content
    assert "w-administrator" in content


def test_revert_page_query_budget(world, tmp_path):
    client = world.client_for("coordinator")
    run = partners_run(world, tmp_path, extra=2)
    url = reverse("spreadsheets:import-revert", args=[run.pk])
    numbers = iter(range(1000))

    def add_rows(n: int) -> None:
        # More partners created and changed by the run (as if its file had more rows).
        user = world.users["coordinator"]
        with recording(run):
            for _ in range(n):
                number = next(numbers)
                partner = create_partner(
                    world.government, acting_user=user, name=f"Extra {number}", kind="university"
                )
                old = Partner.objects.create(
                    government=world.government, name=f"Old {number}", kind="university"
                )
                update_partner(old, acting_user=user, description="From the file.")
        update_partner(partner, acting_user=world.users["administrator"], website="https://x.org")

    assert_constant_queries(client, url, add_rows, budget=20)


def test_revert_gives_back_links_and_values_of_updated_actions(world, rosario, tmp_path):
    lyon = Partner.objects.create(
        government=world.government, name="Lyon", kind="local_government", external_id="P-9"
    )
    row = ["A-1", "Mission to Rosario", "mission abroad", "2024-03-01", "2024-03-05", "P-1"]
    first = run_file(world, tmp_path, "actions", ACTION_HEADERS, [row])
    action = Action.objects.get(external_id="A-1")
    changed = ["A-1", "Mission to Lyon", "mission abroad", "2024-03-01", "2024-03-09", "P-9"]
    second = run_file(world, tmp_path, "actions", ACTION_HEADERS, [changed])
    action.refresh_from_db()
    assert (action.title, list(action.partners.all())) == ("Mission to Lyon", [lyon])

    plan = plan_revert(second, government=world.government)
    assert not plan.deletions
    [entry] = plan.restorations
    assert {value.name for value in entry.fields} == {"title", "end_date", "partners"}
    revert_import(second, government=world.government, acting_user=world.users["coordinator"])
    action.refresh_from_db()
    assert (action.title, str(action.end_date)) == ("Mission to Rosario", "2024-03-05")
    assert list(action.partners.all()) == [rosario]
    event = AuditEvent.objects.get(request_id=revert_reference(second), object_id=str(action.pk))
    assert event.changes["partners"] == {"before": [lyon.pk], "after": [rosario.pk]}

    # The first import is reverted in its turn: its action was changed since by the second
    # import, then given back, so it holds what the first import wrote: it is deleted.
    revert_import(first, government=world.government, acting_user=world.users["coordinator"])
    assert not Action.objects.exists()
    assert Partner.objects.count() == 2


AGREEMENT_HEADERS = ["External id", "Title", "Kind", "Partners", "Status", "SDG targets"]


def test_revert_of_a_status_change_removes_its_transition(world, rosario, tmp_path):
    row = ["AG-1", "Twinning", "mou", "P-1", "in negotiation", "11.4"]
    first = run_file(world, tmp_path, "agreements", AGREEMENT_HEADERS, [row])
    agreement = Agreement.objects.get()
    changed = ["AG-1", "Twinning renewed", "mou", "P-1", "signed", "11.4; 17.17"]
    second = run_file(world, tmp_path, "agreements", AGREEMENT_HEADERS, [changed])
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    assert agreement.transitions.count() == 1

    plan = plan_revert(second, government=world.government)
    assert [entry.model for entry in plan.deletions] == [AgreementTransition]
    revert_import(second, government=world.government, acting_user=world.users["coordinator"])
    agreement.refresh_from_db()
    assert (agreement.status, agreement.title, agreement.signed_on) == (
        "negotiation",
        "Twinning",
        None,
    )
    assert sorted(agreement.sdg_targets.values_list("code", flat=True)) == ["11.4"]
    assert not agreement.transitions.exists()

    revert_import(first, government=world.government, acting_user=world.users["coordinator"])
    assert not Agreement.objects.exists()


def test_an_import_applied_before_imports_named_their_events_is_refused(world, rosario, tmp_path):
    run = partners_run(world, tmp_path)
    old = ImportRun.objects.create(
        government=world.government,
        kind="partners",
        original_name="old.csv",
        file="old.csv",
        status="applied",
        finished_at=timezone.now(),
    )
    with pytest.raises(RevertRefused, match="before imports recorded what they wrote"):
        revert_import(old, government=world.government, acting_user=world.users["coordinator"])
    assert not plan_revert(old, government=world.government).deletions
    assert plan_revert(run, government=world.government).deletions


def test_the_revert_is_a_background_job_with_progress(
    world, rosario, tmp_path, monkeypatch, settings, request
):
    """With a worker, confirming queues the revert and returns at once; the run's page tells
    it is waiting, then how far it has gone; the worker reverts."""
    run = partners_run(world, tmp_path)
    queued: list[tuple[Any, ...]] = []

    def on_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
        queued.append(tuple(task_result.args))

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_enqueued.connect(on_enqueued)
    request.addfinalizer(lambda: task_enqueued.disconnect(on_enqueued))
    client = world.client_for("coordinator")
    url = reverse("spreadsheets:import-revert", args=[run.pk])

    response = client.post(url, follow=True)
    content = response.content.decode()
    assert "The revert is running" in content
    assert "The revert is waiting for the worker" in content
    assert url not in content  # no second revert offered while one waits
    assert Partner.objects.filter(external_id="P-2").exists()
    assert "This import is being reverted." in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert len(queued) == 1  # a second confirmation queues nothing

    reports: list[tuple[int, int]] = []
    revert_run = import_revert.revert_run

    def spy(*args: Any, progress: Any, **kwargs: Any) -> Any:
        def report(done: int, total: int) -> None:
            reports.append((done, total))
            progress(done, total)

        return revert_run(*args, progress=report, **kwargs)

    monkeypatch.setattr(import_revert, "revert_run", spy)
    assert import_revert.run_revert(*queued[0]) == "reverted"
    assert reports == [(0, 3), (1, 3), (3, 3)]
    assert not Partner.objects.filter(external_id="P-2").exists()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "The revert is" not in page
    assert str(world.users["coordinator"]) in page


def test_a_revert_refused_in_the_worker_says_why_on_the_run_page(world, rosario, tmp_path):
    run = partners_run(world, tmp_path)
    path = "lazos.spreadsheets.runs.RUNS"
    membership = Membership.objects.get(user=world.users["viewer"])
    assert import_revert.run_revert(path, run.pk, world.users["viewer"].pk) == "refused"
    page = world.client_for("coordinator").get(run.get_absolute_url()).content.decode()
    assert "You may no longer revert this import." in page
    assert Partner.objects.filter(external_id="P-2").exists()
    membership.role = "coordinator"
    membership.save()
    assert import_revert.run_revert(path, run.pk, world.users["viewer"].pk) == "reverted"
    page = world.client_for("coordinator").get(run.get_absolute_url()).content.decode()
    assert "You may no longer revert this import." not in page
