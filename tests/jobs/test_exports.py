"""A large list export is a job (#13): the request answers with the job's page, the worker
writes the file with the list's filters as its requester saw them. A small one is answered
at once, as before."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lazos.actors.tests.factories import LocalActorFactory
from lazos.core import exports
from lazos.core.testing.matrix import assert_permission_matrix
from lazos.reports.models import ListExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):
    """Lists of more than three rows count as large."""
    monkeypatch.setattr(exports, "INLINE_ROWS", 3)


def actors(world, count, kind="media"):
    for number in range(count):
        LocalActorFactory.create(government=world.government, name=f"Radio {number}", kind=kind)


def test_a_small_list_is_exported_in_the_request(world, large):
    actors(world, 3)
    response = world.client_for("viewer").get(reverse("actors:actor-list"), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not ListExport.objects.exists()


def test_a_large_list_is_written_by_the_job_with_its_filters(
    world, large, django_capture_on_commit_callbacks
):
    actors(world, 5)
    actors(world, 2, kind="civil_society")
    client = world.client_for("viewer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("actors:actor-list"), {"kind": "media", "export": "csv"})
    export = ListExport.objects.get()
    job_url = reverse("jobs:list-export", kwargs={"pk": export.pk})
    assert response.status_code == 302
    assert response["Location"] == job_url
    assert export.requested_by == world.users["viewer"]
    assert export.query == "kind=media&export=csv"
    # The tests run jobs inline: the job has run.
    export.refresh_from_db()
    assert export.status == "ready", export.error
    page = client.get(job_url).content.decode()
    file_url = reverse("reports:export-file", args=[export.pk])
    assert f'href="{file_url}"' in page
    assert '<progress id="job-progress-bar" value="5" max="5">' in page
    download = client.get(file_url)
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == [f"Radio {n}" for n in range(5)]
    assert "Local actors" in client.get(reverse("jobs:job-list")).content.decode()


def test_an_xlsx_export(world, large, django_capture_on_commit_callbacks):
    actors(world, 4)
    client = world.client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("actors:actor-list"), {"export": "xlsx"})
    export = ListExport.objects.get()
    download = client.get(reverse("reports:export-file", args=[export.pk]))
    values = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert len(values) == 5


def test_only_the_requester_and_the_administrators_see_an_export(
    world, large, django_capture_on_commit_callbacks
):
    actors(world, 4)
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("editor").get(reverse("actors:actor-list"), {"export": "csv"})
    export = ListExport.objects.get()
    expected = {
        "anonymous": 302,
        "stranger": 403,
        "outsider": 404,
        "administrator": 200,
        "coordinator": 403,
        "editor": 200,
        "viewer": 403,
    }
    assert_permission_matrix(world, reverse("jobs:list-export", kwargs={"pk": export.pk}), expected)
    assert_permission_matrix(world, reverse("reports:export-file", args=[export.pk]), expected)
    listing = world.client_for("coordinator").get(reverse("jobs:job-list")).content.decode()
    assert str(export) not in listing
