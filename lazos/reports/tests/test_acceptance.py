"""Acceptance: the handover dossier PDF of a demo government contains every agreement in
force (read from the PDF's text) and is produced by the job queue."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_enqueued, task_finished
from pypdf import PdfReader

from lazos.agreements.models import Agreement
from lazos.governments.models import Government
from lazos.reports import services
from lazos.reports.builders import handover_sections
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
        sections = {anchor: f"{s.number}. {s.title}" for anchor, s in handover_sections().items()}
    this_heading, next_heading = sections["agreements"], sections["pipeline"]
    bookmarks = outline_pages(reader)
    assert set(sections.values()) <= set(bookmarks)
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


def section_text(reader: PdfReader, bookmarks: dict[str, int], start: str, end: str) -> str:
    """The compacted text of the pages from the heading ``start`` to the heading ``end``."""
    first, after = bookmarks[start], bookmarks[end]
    return compact("\n".join(reader.pages[n].extract_text() for n in range(first, after + 1)))


def test_the_demo_dossier_shows_the_pipeline_dormancy_registrations_and_passed_deadlines(
    django_capture_on_commit_callbacks, loaded_demo
):
    government = Government.objects.get(slug="villa-esperanza")
    agreements = Agreement.objects.for_tenant(government)
    pipeline = list(agreements.filter(status__in=["negotiation", "signed"]))
    dormant = list(agreements.dormant(government.dormancy_months))
    registrations = list(
        agreements.filter(
            registration_required=True,
            registration_status__in=["pending", "submitted", "observed"],
        ).exclude(status__in=["expired", "terminated"])
    )
    today = timezone.localdate()
    passed = [
        a
        for a in agreements.in_force()
        if a.notice_deadline is not None
        and a.notice_deadline < today
        and (a.valid_until is None or a.valid_until >= today)
    ]
    # The demo is made to show each of these situations.
    assert pipeline
    assert dormant
    assert registrations
    assert passed

    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(
            government, acting_user=government_member(government, "coordinator"), kind="handover"
        )
    report.refresh_from_db()
    assert report.status == "ready", report.error
    reader = PdfReader(io.BytesIO(report.pdf_file.open("rb").read()))
    bookmarks = outline_pages(reader)
    with translation.override(report.language):
        sections = {anchor: f"{s.number}. {s.title}" for anchor, s in handover_sections().items()}
        warnings = [
            compact(
                ngettext("passed %(counter)s day ago", "passed %(counter)s days ago", days)
                % {"counter": days}
            )
            for days in ((today - a.notice_deadline).days for a in passed if a.notice_deadline)
        ]
    for anchor, expected, after in [
        ("pipeline", pipeline, "dormant"),
        ("dormant", dormant, "deadlines"),
        ("deadlines", passed, "registrations"),
        ("registrations", registrations, "actions"),
    ]:
        text = section_text(reader, bookmarks, sections[anchor], sections[after])
        missing = [a.title for a in expected if compact(a.title) not in text]
        assert missing == [], anchor
    deadlines = section_text(reader, bookmarks, sections["deadlines"], sections["registrations"])
    assert [w for w in warnings if w not in deadlines] == []  # passed deadlines are marked
