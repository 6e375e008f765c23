"""The review page of an indicator update (#14, point 6): what the reviewer judges (the
narrative, the value against the target and the previous periods, the disaggregation, the
evidence files through scoped downloads), its permission matrix and its query budget."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lazos.core.attachments import attach_file
from lazos.core.models import Attachment, AttachmentKind
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.results.choices import UpdateStatus
from lazos.results.tests.factories import make_action, make_indicator, make_period, make_update

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
CHANGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def teachers_trained(world):
    """An action's indicator (baseline 5 in 2021) with approved values for 2022 and 2023 and
    a submitted 2024 update by the editor: 84 people against a target of 100, with a
    narrative, an evidence file, a disaggregation by sex, two versions of an attendance sheet
    attached to the update, and two documents on the action (evidence, and a budget)."""
    government, editor = world.government, world.users["editor"]
    action = make_action(government, title="Teacher exchange with Rosario")
    indicator = make_indicator(
        government,
        action=action,
        title="Teachers trained",
        unit="people",
        baseline_value=Decimal(5),
        baseline_year=2021,
        department=world.department,
        disaggregations=["sex"],
    )
    for year, target, value in ((2022, 40, 30), (2023, 70, 55)):
        make_update(
            make_period(indicator, year, target_value=Decimal(target)),
            value=Decimal(value),
            status=UpdateStatus.APPROVED,
        )
    update = make_update(
        make_period(indicator, 2024, target_value=Decimal(100)),
        value=Decimal(84),
        status=UpdateStatus.SUBMITTED,
        submitted_at=None,
        reported_by=editor,
        narrative="Three districts ran the course; the fourth starts in March.",
        evidence=pdf("certificates.pdf"),
        evidence_name="certificates.pdf",
    )
    for category, value in (("women", 50), ("men", 34)):
        update.disaggregations.create(
            government=government, dimension="sex", category=category, value=value
        )
    first = attach_file(
        update, acting_user=editor, upload=pdf("sheets-v1.pdf"), title="Attendance sheets"
    )
    latest = attach_file(
        update, acting_user=editor, upload=pdf("sheets-v2.pdf"), title="Attendance sheets"
    )
    photos = attach_file(
        action,
        acting_user=editor,
        upload=pdf("photos.pdf"),
        title="Workshop photos",
        kind=AttachmentKind.EVIDENCE,
    )
    budget = attach_file(
        action, acting_user=editor, upload=pdf("budget.pdf"), title="Exchange budget"
    )
    return update, {"first": first, "latest": latest, "photos": photos, "budget": budget}


def review_url(update) -> str:
    return reverse("results:update-review", args=[update.pk])


def test_the_review_page_shows_what_the_reviewer_judges(world):
    update, documents = teachers_trained(world)
    response = world.client_for("coordinator").get(review_url(update))
    assert response.status_code == 200
    html = response.content.decode()
    dossier = response.context["dossier"]

    # The narrative and the value against the target (from the baseline: (84-5)/(100-5)).
    assert "Three districts ran the course; the fourth starts in March." in html
    assert "84 people" in html
    assert "100 people" in html
    assert dossier.percent == 83
    assert "83 %" in html
    # The previous periods, oldest first, with their targets and approved values; not 2024.
    labels = [row.label for row in dossier.previous.periods]
    assert labels == ["2022", "2023"]
    assert [row.actual.value for row in dossier.previous.periods] == [30, 55]
    # From the baseline: (30-5)/(40-5) and (55-5)/(70-5).
    assert [row.percent for row in dossier.previous.periods] == [71, 77]
    assert dossier.current is None  # nothing approved yet for 2024
    # The disaggregation.
    assert '<th scope="row">sex</th><td>women</td><td>50</td>' in html
    assert '<th scope="row">sex</th><td>men</td><td>34</td>' in html
    # The evidence: the update's file and the latest version of its documents, and the
    # evidence documents of the action (not its other documents), through scoped downloads.
    assert reverse("results:update-evidence", args=[update.pk]) in html
    download = "attachments:attachment-download"
    assert reverse(download, args=[documents["latest"].pk]) in html
    assert reverse(download, args=[documents["first"].pk]) not in html
    assert reverse(download, args=[documents["photos"].pk]) in html
    assert reverse(download, args=[documents["budget"].pk]) not in html
    assert "Evidence documents of the action “Teacher exchange with Rosario”" in html
    # The decision form is there.
    assert 'name="decision" value="approve"' in html


def test_an_update_replacing_an_approved_value_shows_it(world):
    indicator = make_indicator(world.government, department=world.department)
    period = make_period(indicator, 2024, target_value=Decimal(40))
    make_update(period, value=Decimal(12), status=UpdateStatus.APPROVED)
    update = make_update(
        period, value=Decimal(20), status=UpdateStatus.SUBMITTED, reported_by=world.users["editor"]
    )
    response = world.client_for("administrator").get(review_url(update))
    dossier = response.context["dossier"]
    assert dossier.current.actual.value == 12
    assert dossier.percent == 50
    html = response.content.decode()
    assert "Approved so far for this period" in html
    assert "The reporter wrote no narrative." in html
    assert "No evidence was given with this update." in html
    assert "This is the indicator's first period." in html


def test_review_page_and_its_evidence_links_matrix(world):
    """Reviewers (administrators, coordinators) see the page; every link to evidence on it is
    a download every member may use and no other government's member can (a 404)."""
    update, documents = teachers_trained(world)
    assert_permission_matrix(world, review_url(update), {**ANON, "outsider": 404, **CHANGERS})
    html = world.client_for("administrator").get(review_url(update)).content.decode()
    links = [
        reverse("results:update-evidence", args=[update.pk]),
        reverse("attachments:attachment-download", args=[documents["latest"].pk]),
        reverse("attachments:attachment-download", args=[documents["photos"].pk]),
    ]
    for link in links:
        assert link in html
        assert_permission_matrix(world, link, {**ANON, "outsider": 404, **EVERYONE_IN})
    response = world.client_for("coordinator").get(links[1])
    assert b"".join(response.streaming_content) == PDF
    assert "sheets-v2.pdf" in response["Content-Disposition"]


def test_other_governments_documents_never_show(world):
    update, _documents = teachers_trained(world)
    # A document of the other government whose object id happens to be the update's.
    other_indicator = make_indicator(world.other_government)
    other_update = make_update(make_period(other_indicator))
    foreign = attach_file(other_update, acting_user=None, upload=pdf("foreign.pdf"), title="X")
    Attachment.objects.filter(pk=foreign.pk).update(object_id=update.pk)
    html = world.client_for("coordinator").get(review_url(update)).content.decode()
    assert reverse("attachments:attachment-download", args=[foreign.pk]) not in html


def test_review_page_queries(world):
    update, _documents = teachers_trained(world)
    indicator = update.period.indicator
    years = iter(range(2000, 2022))
    editor = world.users["editor"]

    def add_rows(n):
        for index in range(n):
            year = next(years)
            make_update(
                make_period(indicator, year), value=Decimal(year), status=UpdateStatus.APPROVED
            )
            update.disaggregations.create(
                government=world.government, dimension="sex", category=f"c{year}", value=index
            )
            attach_file(update, acting_user=editor, upload=pdf(f"{year}.pdf"), title=f"D{year}")
            attach_file(
                indicator.action,
                acting_user=editor,
                upload=pdf(f"a{year}.pdf"),
                title=f"A{year}",
                kind=AttachmentKind.EVIDENCE,
            )

    client = world.client_for("coordinator")
    assert_constant_queries(client, review_url(update), add_rows, budget=10, few=2, many=10)
