"""Acceptance: the handover dossier PDF of a demo government contains every agreement in
force (read from the PDF's text) and is produced by the job queue."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_enqueued, task_finished
from pypdf import PdfReader

from lazos.agreements.models import Agreement
from lazos.governments.models import Government
from lazos.reports import services
from lazos.reports.models import Report

pytestmark = pytest.mark.django_db

UNUSUAL_TITLE = "Convenio «Ñandú–Zürich» sobre ríos urbanos y plazas públicas (2.ª fase)"


def compact(text: str) -> str:
    """Text without whitespace or hyphenation at line ends, so a title wrapped over several
    lines of the PDF matches the title in the database."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    return "".join(text.split())


def outline_pages(reader: PdfReader) -> dict[str, int]:
    """Every bookmark (WeasyPrint makes one per heading) and the page it points to."""
    pages: dict[str, int] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page = reader.get_destination_page_number(item)
                if page is not None:
                    pages[item.title.strip()] = page

    walk(reader.outline)
    return pages


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_handover_dossier_pdf_lists_every_agreement_in_force(
    django_capture_on_commit_callbacks, loaded_demo
):
    government = Government.objects.get(slug="villa-esperanza")
    coordinator = government_member(government, "coordinator")
    unusual = Agreement.objects.create(
        government=government,
        title=UNUSUAL_TITLE,
        kind="cooperation",
        status="in_force",
        in_force_from=timezone.localdate(),
    )
    in_force = list(Agreement.objects.for_tenant(government).in_force())
    others = list(Agreement.objects.for_tenant(government).exclude(status="in_force"))
    assert len(in_force) >= 3, "the demo should have several agreements in force"
    assert others, "and some that are not in force"
    assert unusual in in_force

    enqueued, finished = [], []

    def on_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
        enqueued.append(Report.objects.get(pk=task_result.args[0]).status)

    def on_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        finished.append(task_result)

    task_enqueued.connect(on_enqueued)
    task_finished.connect(on_finished)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = services.request_report(government, acting_user=coordinator, kind="handover")
            assert Report.objects.get(pk=report.pk).status == "queued"
            assert not finished  # nothing runs before the request commits
    finally:
        task_enqueued.disconnect(on_enqueued)
        task_finished.disconnect(on_finished)

    # The job went through the tasks backend: queued when enqueued, ready when it finished.
    assert enqueued == ["queued"]
    [result] = finished
    assert result.task.name == "generate_report"
    assert result.args == [report.pk]
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "ready"
    report.refresh_from_db()
    assert report.status == "ready", report.error
    assert report.task_id == result.id

    reader = PdfReader(io.BytesIO(report.pdf_file.open("rb").read()))
    with translation.override(report.language):
        this_heading = f"3. {gettext('Agreements in force')}"
        next_heading = f"4. {gettext('Ongoing and planned actions')}"
    bookmarks = outline_pages(reader)
    first, after = bookmarks[this_heading], bookmarks[next_heading]
    assert 0 < first < after
    section = compact("\n".join(reader.pages[n].extract_text() for n in range(first, after)))
    assert compact(this_heading) in section

    missing = [a.title for a in in_force if compact(a.title) not in section]
    assert missing == []
    in_force_titles = [compact(a.title) for a in in_force]
    strays = [
        a.title
        for a in others
        if compact(a.title) in section
        and not any(compact(a.title) in title for title in in_force_titles)
    ]
    assert strays == []


def government_member(government: Government, username: str) -> Any:
    from lazos.accounts.models import User

    return User.objects.get(username=username, memberships__government=government)
