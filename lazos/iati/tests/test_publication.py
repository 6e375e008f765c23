"""The public IATI file is built by the job worker, never inside the request (#13): with a
queue, the first request answers a 503 "being prepared" at once and queues one job; once the
worker has published it the file is served from storage; after a change the previous file is
served (under its own ETag) while the new one is prepared."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from lxml import etree

from lazos.core.testing.builders import GovernmentFactory
from lazos.iati.publication import publish_iati_file
from lazos.iati.tests.factories import cooperation_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, tmp_path):
    """Jobs go to the database queue, as with make run and in production; files to tmp."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def government():
    return GovernmentFactory.create(
        slug="villa-cola", official_languages=["es"], iati_organisation_identifier="MX-RFC-VCL1"
    )


def _run_queued_jobs() -> int:
    """What the worker does: run each queued publication, as its task."""
    ran = 0
    for row in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
        assert row.task_path == "lazos.iati.publication.publish_iati_file"
        publish_iati_file.call(*row.args_kwargs["args"])
        row.delete()
        ran += 1
    return ran


def test_the_request_queues_the_file_and_the_worker_publishes_it(client, government, queued):
    cooperation_action(government, 1)
    url = reverse("public-iati:activities", kwargs={"government_slug": government.slug})

    first = client.get(url)
    assert first.status_code == 503
    assert first["Retry-After"] == "30"
    assert b"being prepared" in first.content
    assert client.get(url).status_code == 503  # asked again: still one job
    assert DBTaskResult.objects.count() == 1

    assert _run_queued_jobs() == 1
    served = client.get(url)
    assert served.status_code == 200
    content = b"".join(served.streaming_content)
    assert len(etree.fromstring(content).findall("iati-activity")) == 1
    etag = served["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    # A new public action: the previous file is served under its own ETag while the worker
    # builds the new one, which then replaces it.
    cooperation_action(government, 2)
    stale = client.get(url)
    assert stale.status_code == 200
    assert stale["ETag"] == etag
    assert len(etree.fromstring(b"".join(stale.streaming_content)).findall("iati-activity")) == 1
    assert _run_queued_jobs() == 1
    fresh = client.get(url)
    assert fresh["ETag"] != etag
    assert len(etree.fromstring(b"".join(fresh.streaming_content)).findall("iati-activity")) == 2


def test_a_government_without_identifier_queues_nothing(client, queued):
    government = GovernmentFactory.create(slug="sin-id", iati_organisation_identifier="")
    url = reverse("public-iati:activities", kwargs={"government_slug": government.slug})
    assert client.get(url).status_code == 404
    assert not DBTaskResult.objects.exists()
