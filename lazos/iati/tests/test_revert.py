"""Reverting an IATI import: the actions, partners and rows it created deleted, what it
changed restored, the conflicts listed and left alone; refusals; the page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lazos.actions.models import Action, BudgetLine
from lazos.actions.services import update_action
from lazos.agreements.services import create_agreement
from lazos.core.audit import Channel
from lazos.core.import_revert import RevertRefused, revert_reference
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.core.testing.matrix import TenantWorld
from lazos.core.testing.queries import count_queries
from lazos.iati import runs
from lazos.iati.models import IatiActivityExtra, IatiImport, Transaction
from lazos.partners.models import Partner
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

pytestmark = pytest.mark.django_db

ACTIVITY = """
 <iati-activity xml:lang="es" default-currency="USD">
  <iati-identifier>XM-EX-BDL-{n}</iati-identifier>
  <reporting-org ref="XM-EX-BDL" type="40"><narrative>Banco de Desarrollo</narrative></reporting-org>
  <title><narrative>{title} {n}</narrative></title>
  <description><narrative>Programa de saneamiento básico.</narrative></description>
  <participating-org type="10" role="4"><narrative>Ministerio de Economía {n}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  <recipient-country code="PE" percentage="100"/>
  <sector vocabulary="1" code="14030" percentage="100"/>
  <budget type="1" status="2">
   <period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/>
   <value currency="USD" value-date="2023-01-01">150000.25</value>
  </budget>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2023-02-01"/>
   <value currency="USD" value-date="2023-02-01">{amount}</value></transaction>
  <result type="1" aggregation-status="1">
   <title><narrative>Hogares conectados</narrative></title>
   <indicator measure="1" ascending="1">
    <title><narrative>Número de hogares</narrative></title>
    <baseline year="2022" iso-date="2022-12-31" value="0"/>
    <period><period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/>
     <target value="100"/><actual value="80"/></period>
   </indicator>
  </result>
 </iati-activity>
"""
WRITTEN = (
    Action,
    Partner,
    BudgetLine,
    Transaction,
    Indicator,
    IndicatorPeriod,
    IndicatorUpdate,
    IatiActivityExtra,
)


def upload(
    count: int, *, title: str = "Agua potable en Cusco", amount: str = "90000.10", first: int = 0
) -> SimpleUploadedFile:
    body = "".join(
        ACTIVITY.format(n=n, title=title, amount=amount) for n in range(first, first + count)
    )
    content = f'<?xml version="1.0"?>\n<iati-activities version="2.03">{body}</iati-activities>\n'
    return SimpleUploadedFile("banco.xml", content.encode(), content_type="application/xml")


def applied(world: TenantWorld, count: int = 2, **kwargs: Any) -> IatiImport:
    """Upload and apply a real file as the coordinator (the job runs at once in tests)."""
    client = world.client_for("coordinator")
    response = client.post(reverse("iati:import-start"), {"file": upload(count, **kwargs)})
    assert response.status_code == 302
    run = IatiImport.objects.filter(government=world.government).latest("id")
    client.post(reverse("iati:import-apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "applied", run.failure
    return run


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def test_revert_without_conflicts(world):
    before = counts()
    run = applied(world)
    assert counts()["Action"] == 2
    assert counts()["Transaction"] == 2

    plan = runs.plan_revert(run, government=world.government)
    assert not plan.conflicts
    assert not plan.restorations
    assert dict(plan.deletions_by_kind)["actions"] == 2
    done = runs.revert_import(
        run, government=world.government, acting_user=world.users["administrator"]
    )
    assert counts() == before
    run.refresh_from_db()
    assert run.reverted_by == world.users["administrator"]

    events = AuditEvent.objects.filter(request_id=revert_reference(run))
    assert {event.channel for event in events} == {Channel.IMPORT}
    deleted = events.filter(action="delete")
    assert deleted.count() == len(done.deletions) == sum(1 for _ in done.deletions)
    assert deleted.filter(object_repr="Agua potable en Cusco 0").exists()
    partner_event = deleted.get(object_repr="Ministerio de Economía 0")
    assert partner_event.changes["name"] == {"before": "Ministerio de Economía 0", "after": None}
    assert events.filter(action="update", object_repr=str(run)).count() == 1


def test_revert_of_an_update_restores_the_values(world):
    first = applied(world, count=1)
    action = Action.objects.get()
    second = applied(world, count=1, title="Agua y saneamiento en Cusco", amount="95000")
    action.refresh_from_db()
    assert action.title == "Agua y saneamiento en Cusco 0"
    assert Transaction.objects.get().value == 95000

    plan = runs.plan_revert(second, government=world.government)
    titles = [value for entry in plan.restorations for value in entry.fields]
    assert ("title", "Agua potable en Cusco 0") in [(v.name, v.restored) for v in titles]
    # The file's rows replaced those of the first import: those are not brought back.
    assert {entry.model for entry in plan.not_restored} >= {Transaction}
    runs.revert_import(second, government=world.government, acting_user=world.users["coordinator"])
    action.refresh_from_db()
    assert action.title == "Agua potable en Cusco 0"
    assert not Transaction.objects.exists()
    assert Action.objects.count() == 1
    # The first import can still be reverted: its action goes.
    runs.revert_import(first, government=world.government, acting_user=world.users["coordinator"])
    assert not Action.objects.exists()


def test_revert_with_conflicts(world):
    run = applied(world)
    edited = Action.objects.get(iati_identifier="XM-EX-BDL-0")
    other = Action.objects.get(iati_identifier="XM-EX-BDL-1")
    administrator = world.users["administrator"]
    update_action(edited, acting_user=administrator, title="Agua potable, segunda fase")
    ministry = other.partners.get(name="Ministerio de Economía 1")
    create_agreement(
        world.government,
        acting_user=administrator,
        title="Memorando con el Ministerio",
        kind="mou",
        partners=[ministry],
    )

    plan = runs.plan_revert(run, government=world.government)
    conflicts = {entry.label: entry for entry in plan.conflicts}
    assert set(conflicts) >= {"Agua potable en Cusco 0", str(ministry)}
    [title] = conflicts["Agua potable en Cusco 0"].fields
    assert (title.imported, title.current, title.changed_by) == (
        "Agua potable en Cusco 0",
        "Agua potable, segunda fase",
        administrator.username,
    )
    assert "Memorando con el Ministerio" in conflicts[str(ministry)].reason
    # The edited action keeps its parts; the other action goes, its partner stays.
    assert {entry.model for entry in plan.kept_parts} >= {Transaction, BudgetLine, Indicator}

    runs.revert_import(run, government=world.government, acting_user=world.users["coordinator"])
    assert list(Action.objects.values_list("title", flat=True)) == ["Agua potable, segunda fase"]
    assert Transaction.objects.filter(action=edited).count() == 1
    assert Indicator.objects.filter(action=edited).count() == 1
    # Kept: the partners of the kept action, and the one the new agreement refers to.
    assert set(Partner.objects.values_list("name", flat=True)) == {
        *edited.partners.values_list("name", flat=True),
        "Ministerio de Economía 1",
    }


def test_refusals(world):
    run = applied(world, count=1)
    IatiImport.objects.filter(pk=run.pk).update(applied_at=timezone.now() - timedelta(days=31))
    run.refresh_from_db()
    with pytest.raises(RevertRefused, match="more than 30 days ago"):
        runs.revert_import(run, government=world.government, acting_user=world.users["coordinator"])
    page = world.client_for("coordinator").get(reverse("iati:import-revert", args=[run.pk]))
    assert "more than 30 days ago" in page.content.decode()

    IatiImport.objects.filter(pk=run.pk).update(applied_at=timezone.now())
    run.refresh_from_db()
    runs.revert_import(run, government=world.government, acting_user=world.users["coordinator"])
    with pytest.raises(RevertRefused, match="already reverted"):
        runs.revert_import(run, government=world.government, acting_user=world.users["coordinator"])


def test_revert_page_permissions_isolation_and_confirmation(world):
    run = applied(world, count=1)
    url = reverse("iati:import-revert", args=[run.pk])
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
    for who in ("outsider", "editor", "viewer"):
        assert world.client_for(who).post(url).status_code == expected[who]
    assert Action.objects.count() == 1
    assert url in world.client_for("coordinator").get(run.get_absolute_url()).content.decode()

    response = world.client_for("administrator").post(url, follow=True)
    assert response.redirect_chain[-1][0] == run.get_absolute_url()
    assert "Import reverted" in response.content.decode()
    assert not Action.objects.exists()


def test_revert_page_query_budget(world):
    """The preview's queries do not grow with the number of activities of the file."""
    client = world.client_for("coordinator")
    few = applied(world, count=2)
    with_few = count_queries(client, reverse("iati:import-revert", args=[few.pk]))
    many = applied(world, count=8, first=10)
    Action.objects.filter(iati_identifier="XM-EX-BDL-10").update(title="Changed since")
    with_many = count_queries(client, reverse("iati:import-revert", args=[many.pk]))
    assert with_few == with_many
    # One query per kind of record the file wrote, and per relation that could refer to one.
    assert with_many <= 50


def test_a_reimport_updates_in_bulk_audited_row_by_row(world):
    applied(world, count=3)
    actions = list(Action.objects.order_by("pk"))
    by_hand = Partner.objects.create(government=world.government, name="Socio local", kind="other")
    actions[0].partners.add(by_hand)
    second = applied(world, count=3, title="Agua y saneamiento en Cusco")
    events = AuditEvent.objects.filter(
        request_id=f"import:iati.iatiimport:{second.pk}", content_type__model="action"
    )
    assert events.count() == 3
    assert {event.action for event in events} == {"update"}
    # object_id is text: "10" sorts before "9"
    by_row = sorted(events, key=lambda event: int(event.object_id))
    for event, action in zip(by_row, actions, strict=True):
        # Only what changed, before and after; the partners linked by hand are kept.
        assert event.changes == {
            "title": {
                "before": f"Agua potable en Cusco {action.pk - actions[0].pk}",
                "after": f"Agua y saneamiento en Cusco {action.pk - actions[0].pk}",
            }
        }
    assert by_hand in actions[0].partners.all()
    # The same file once more: nothing of the actions changes, no event says otherwise.
    third = applied(world, count=3, title="Agua y saneamiento en Cusco")
    assert not AuditEvent.objects.filter(
        request_id=f"import:iati.iatiimport:{third.pk}", content_type__model="action"
    ).exists()
