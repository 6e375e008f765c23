"""Bulk changes of the agreement list: the status moves only through the transition service,
agreement by agreement, and the preview explains each refusal."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement, AgreementTransition
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.audit import AuditAction, Channel
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory
from lazos.core.testing.queries import assert_constant_queries
from lazos.reference.models import Theme

pytestmark = pytest.mark.django_db

URL = "agreements:agreement-bulk-change"


def update_events(*agreements: Agreement) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Agreement),
            object_id__in=[str(a.pk) for a in agreements],
            action=AuditAction.UPDATE,
        )
    )


def test_the_preview_lists_the_transitions_refusals_and_the_post_goes_through_the_service(world):
    draft = AgreementFactory.create(government=world.government, status=AgreementStatus.DRAFT)
    talks = AgreementFactory.create(government=world.government, status=AgreementStatus.NEGOTIATION)
    done = AgreementFactory.create(government=world.government, status=AgreementStatus.TERMINATED)
    data = {
        "pk": [str(draft.pk), str(talks.pk), str(done.pk)],
        "change": "status",
        "status": AgreementStatus.SIGNED,
    }
    client = world.client_for("coordinator")
    response = client.get(reverse(URL), data)
    assert response.status_code == 200
    rows = {row.obj.pk: row for row in response.context["preview"]["rows"]}
    assert rows[talks.pk].will_change
    assert "cannot go from draft to signed" in rows[draft.pk].refusal
    assert "in negotiation" in rows[draft.pk].refusal  # where it can go instead
    assert "final" in rows[done.pk].refusal
    content = response.content.decode()
    assert "cannot go from draft to signed" in content
    assert response.context["preview"]["changing"] == 1
    assert response.context["preview"]["refused"] == 2

    assert client.post(reverse(URL), data).status_code == 302
    for agreement in (draft, talks, done):
        agreement.refresh_from_db()
    assert (draft.status, talks.status, done.status) == (
        AgreementStatus.DRAFT,
        AgreementStatus.SIGNED,
        AgreementStatus.TERMINATED,
    )
    # The transition service recorded the move, dated, and signing filled the date.
    (step,) = AgreementTransition.objects.filter(agreement=talks)
    assert (step.from_status, step.to_status) == (AgreementStatus.NEGOTIATION, "signed")
    assert talks.signed_on is not None
    (event,) = update_events(draft, talks, done)
    assert event.object_id == str(talks.pk)
    assert event.channel == Channel.WEB


def test_an_editor_changes_only_their_departments_agreements(world):
    other = DepartmentFactory.create(government=world.government, name="Economy")
    mine = AgreementFactory.create(government=world.government, lead_department=world.department)
    theirs = AgreementFactory.create(government=world.government, lead_department=other)
    data = {"pk": [str(mine.pk), str(theirs.pk)], "change": "add_tags", "add_tags": "twinning"}
    client = world.client_for("editor")
    assert client.post(reverse(URL), data).status_code == 302
    assert [t.name for t in mine.tags.all()] == ["twinning"]
    assert not theirs.tags.exists()
    assert len(update_events(mine, theirs)) == 1
    assert world.client_for("viewer").post(reverse(URL), data).status_code == 403


def test_themes_are_added_to_what_each_agreement_has(world):
    culture, climate = Theme.objects.order_by("code")[:2]
    first = AgreementFactory.create(government=world.government)
    first.themes.set([culture])
    second = AgreementFactory.create(government=world.government)
    data = {"pk": [str(first.pk), str(second.pk)], "change": "add_themes"}
    data["add_themes"] = [culture.pk, climate.pk]
    world.client_for("coordinator").post(reverse(URL), data)
    assert set(first.themes.all()) == {culture, climate}
    assert set(second.themes.all()) == {culture, climate}


def test_the_status_preview_makes_a_constant_number_of_queries(world):
    client = world.client_for("coordinator")

    def add_rows(number: int) -> None:
        for index in range(number):
            status = AgreementStatus.DRAFT if index % 2 else AgreementStatus.NEGOTIATION
            AgreementFactory.create(government=world.government, status=status)

    url = f"{reverse(URL)}?select_all=1&change=status&status=signed"
    assert_constant_queries(client, url, add_rows, budget=20)
