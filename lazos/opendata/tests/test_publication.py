"""The open-data files are built by the job worker, never inside the request (#13): with a
queue, the first request for a file answers a 503 "being prepared" and queues one job; the
worker's file is then served; after a change the previous file is served under its own ETag
while the new one is prepared; a build that fails answers 503 and logs, never a partial
file."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing.builders import GovernmentFactory
from lazos.opendata import publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, tmp_path):
    """Jobs go to the database queue, as with make run and in production; files to tmp."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def government():
    return GovernmentFactory.create(slug="villa-datos", portal_enabled=True)


def _run_queued_jobs() -> int:
    ran = 0
    for row in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
        assert row.task_path == "lazos.opendata.publication.publish_open_data_file"
        publication.publish_open_data_file.call(*row.args_kwargs["args"])
        row.delete()
        ran += 1
    return ran


def _public_action(government, title):
    return ActionFactory.create(
        government=government, title=title, is_public=True, public_summary="A summary."
    )


def test_the_request_queues_the_file_and_the_worker_publishes_it(government, queued):
    _public_action(government, "Water exchange")
    client = Client()
    address = reverse(
        "opendata:csv", kwargs={"government_slug": government.slug, "table": "actions"}
    )
    first = client.get(address)
    assert first.status_code == 503
    assert first["Retry-After"] == "30"
    assert "being prepared" in first.content.decode()
    assert client.get(address).status_code == 503
    assert DBTaskResult.objects.count() == 1

    assert _run_queued_jobs() == 1
    served = client.get(address)
    assert served.status_code == 200
    assert "Water exchange" in served.content.decode()
    etag = served["ETag"]
    assert client.get(address, HTTP_IF_NONE_MATCH=etag).status_code == 304

    _public_action(government, "Youth orchestra")
    stale = client.get(address)
    assert stale.status_code == 200
    assert stale["ETag"] == etag
    assert "Youth orchestra" not in stale.content.decode()
    assert _run_queued_jobs() == 1
    fresh = client.get(address)
    assert fresh["ETag"] != etag
    assert "Youth orchestra" in fresh.content.decode()


def test_a_failed_build_answers_503_and_is_logged(government, queued, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the zip cannot be written")

    monkeypatch.setattr(publication, "build_zip", broken)
    client = Client()
    address = reverse("opendata:datapackage-zip", kwargs={"government_slug": government.slug})
    assert client.get(address).status_code == 503
    assert _run_queued_jobs() == 1
    assert any("the zip cannot be written" in r.getMessage() for r in caplog.records)
    answer = client.get(address)
    assert answer.status_code == 503
    assert answer["Retry-After"] == str(publication.FILES.retry_after)
    assert "cannot be produced right now" in answer.content.decode()
    assert not DBTaskResult.objects.exists()  # not queued again while the failure stands
