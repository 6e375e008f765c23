"""Applying an import as a background job: progress, result, and a job that dies mid-way
(nothing written, applied again afterwards)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lazos.actions.models import Action, BudgetLine
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.progress import store as progress_store
from lazos.iati import services, writer
from lazos.iati.choices import ImportStatus
from lazos.iati.jobs import progress_cache_key, run_apply
from lazos.iati.models import IatiActivityExtra, IatiImport, Transaction
from lazos.partners.models import Partner
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.search.choices import SearchKind
from lazos.search.models import SearchEntry

pytestmark = pytest.mark.django_db

ACTIVITY = """
 <iati-activity xml:lang="es" default-currency="USD">
  <iati-identifier>XM-EX-BDL-{n}</iati-identifier>
  <reporting-org ref="XM-EX-BDL" type="40"><narrative>Banco de Desarrollo</narrative></reporting-org>
  <title><narrative>Agua potable en Cusco {n}</narrative></title>
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
   <value currency="USD" value-date="2023-02-01">90000.10</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2023-03-01"/>
   <value currency="USD" value-date="2023-03-01">30000</value></transaction>
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
COUNT = 6
WRITTEN = (Action, Partner, BudgetLine, Transaction, Indicator, IndicatorPeriod, IndicatorUpdate)


def upload(count: int = COUNT) -> SimpleUploadedFile:
    body = "".join(ACTIVITY.format(n=n) for n in range(count))
    content = f'<?xml version="1.0"?>\n<iati-activities version="2.03">{body}</iati-activities>\n'
    return SimpleUploadedFile("banco.xml", content.encode(), content_type="application/xml")


def previewed(world) -> IatiImport:
    client = world.client_for("coordinator")
    response = client.post(reverse("iati:import-start"), {"file": upload()})
    assert response.status_code == 302
    return IatiImport.objects.get(government=world.government)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN} | {
        "extras": IatiActivityExtra.objects.count(),
        "import events": AuditEvent.objects.filter(channel=Channel.IMPORT).count(),
    }


def test_apply_runs_the_job_and_the_page_shows_the_result(world):
    run = previewed(world)
    client = world.client_for("coordinator")
    response = client.post(reverse("iati:import-apply", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert (run.progress_done, run.progress_total) == (COUNT, COUNT)
    assert run.started_at is not None
    assert run.finished_at is not None
    assert Action.objects.filter(government=world.government).count() == COUNT
    assert Transaction.objects.filter(government=world.government).count() == 2 * COUNT
    # Every row written in bulk is audited, with the import's channel.
    events = AuditEvent.objects.filter(government_id=world.government.pk, channel=Channel.IMPORT)
    assert events.filter(content_type__model="transaction").count() == 2 * COUNT
    assert events.filter(content_type__model="indicatorupdate").count() == COUNT
    action_events = events.filter(content_type__model="action", action="create")
    assert action_events.count() == COUNT
    assert all(event.changes["partners"]["after"] for event in action_events)
    # The search index knows every new action (built once, at the end of the import).
    entries = SearchEntry.objects.for_tenant(world.government).filter(kind=SearchKind.ACTION)
    assert entries.count() == COUNT
    assert entries.filter(body__contains="Ministerio de Economía 1").count() == 1
    page = client.get(run.get_absolute_url()).content.decode()
    assert f'<progress id="import-progress-bar" value="{COUNT}" max="{COUNT}">' in page
    assert '<label for="import-progress-bar">' in page
    assert reverse("iati:import-progress", args=[run.pk]) not in page  # done: nothing polls
    assert f"Done: {COUNT} created, 0 updated." in page
    assert "Apply: write" not in page


def test_the_progress_polls_every_two_seconds_while_the_job_runs(world):
    run = previewed(world)
    IatiImport.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, progress_total=COUNT, updated_at=timezone.now()
    )
    progress_store().set(progress_cache_key(run.pk), (4, COUNT))
    client = world.client_for("coordinator")
    url = reverse("iati:import-progress", args=[run.pk])
    partial = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in partial
    assert 'role="status"' in partial
    assert f"Writing the activities: 4 of {COUNT}." in partial
    assert f'value="4" max="{COUNT}"' in partial
    assert "Apply: write" not in client.get(run.get_absolute_url()).content.decode()
    # When it ends, the polled partial asks htmx to reload the page (which shows the result).
    IatiImport.objects.filter(pk=run.pk).update(status=ImportStatus.APPLIED)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_a_job_killed_mid_way_writes_nothing_and_the_import_can_be_applied_again(
    world, monkeypatch
):
    run = previewed(world)
    before = counts()
    monkeypatch.setattr(services, "FLUSH_EVERY", 2)
    original = writer.RowBatch.flush
    calls = {"n": 0}

    def dies_after_two_flushes(self: writer.RowBatch) -> int:
        written = original(self)
        calls["n"] += 1
        if calls["n"] == 2:  # 4 activities written in the transaction, then the job dies
            assert Transaction.objects.filter(government=world.government).count() == 8
            raise MemoryError("worker killed")
        return written

    monkeypatch.setattr(writer.RowBatch, "flush", dies_after_two_flushes)
    client = world.client_for("coordinator")
    client.post(reverse("iati:import-apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "worker killed" in run.failure
    assert counts() == {**before, "import events": before["import events"] + 1}  # the failure
    assert run.can_apply
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Why the import failed" in page
    assert "worker killed" in page
    assert "Apply: write 6 activities" in page

    monkeypatch.setattr(writer.RowBatch, "flush", original)
    client.post(reverse("iati:import-apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert run.failure == ""
    assert Action.objects.filter(government=world.government).count() == COUNT
    assert Transaction.objects.filter(government=world.government).count() == 2 * COUNT
    assert IndicatorUpdate.objects.filter(government=world.government).count() == COUNT


def test_an_abandoned_job_can_be_applied_again(world):
    run = previewed(world)
    IatiImport.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, updated_at=timezone.now() - timedelta(hours=2)
    )
    run.refresh_from_db()
    assert run.is_stale
    assert not run.is_active
    assert run.can_apply
    page = world.client_for("coordinator").get(run.get_absolute_url()).content.decode()
    assert "stopped without finishing" in page
    assert reverse("iati:import-progress", args=[run.pk]) not in page


def test_the_job_refuses_a_member_who_may_no_longer_import(world):
    run = previewed(world)
    IatiImport.objects.filter(pk=run.pk).update(status=ImportStatus.QUEUED)
    assert run_apply(run.pk, world.users["editor"].pk) == ImportStatus.FAILED
    assert not Action.objects.exists()


def test_importing_the_file_again_replaces_the_rows_each_deletion_audited(world):
    from lazos.core import audit

    government = world.government
    for _round in range(2):
        with audit.channel(Channel.IMPORT):
            services.import_file(government, upload(), acting_user=None)
    assert Action.objects.filter(government=government).count() == COUNT
    assert Transaction.objects.filter(government=government).count() == 2 * COUNT
    assert IndicatorUpdate.objects.filter(government=government).count() == COUNT
    events = AuditEvent.objects.filter(government_id=government.pk, channel=Channel.IMPORT)
    deleted = events.filter(action="delete", content_type__model="transaction")
    assert deleted.count() == 2 * COUNT
    first = deleted.first()
    assert first is not None
    assert first.changes["value"]["before"] in {"90000.100000", "30000.000000"}
    assert events.filter(action="create", content_type__model="transaction").count() == 4 * COUNT
