"""A public contribution and its confirmation email are one unit (issue #19, point 7).

A line break in a consultation's title used to make every public contribution answer 500
(the title goes into the email's subject) while the contribution was stored, unconfirmable.
Now the subject is always one line, and when the email cannot be built nothing is stored
and the person is told.
"""

from __future__ import annotations

import re

import pytest
from django.core.mail import BadHeaderError
from django.utils.translation import override

from lazos.consultations import services
from lazos.consultations.choices import ContributionStatus
from lazos.consultations.models import Consultation, Contribution
from lazos.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _consultation(world):
    return services.open_consultation(
        world.government,
        acting_user=world.users["administrator"],
        title="Our budget\r\nfor 2027",
        description="What should we fund?",
        closes_on="2099-12-31",
    )


def _confirm_by_email(client, mailoutbox):
    match = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[-1].body)
    assert match is not None
    return client.get(match[1])


@pytest.mark.parametrize("legacy_title", [False, True], ids=["saved-title", "legacy-row"])
def test_a_title_with_a_line_break_does_not_break_public_contributions(
    world, client, mailoutbox, django_capture_on_commit_callbacks, legacy_title
):
    consultation = _consultation(world)
    assert consultation.title == "Our budget for 2027"
    if legacy_title:  # a row stored before titles were normalised
        Consultation.objects.filter(pk=consultation.pk).update(title="Our budget\r\nfor 2027")
    url = f"/{world.government.slug}/consultations/{consultation.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "Parks, please", "email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.endswith("Our budget for 2027")
    contribution = Contribution.objects.get()
    assert _confirm_by_email(client, mailoutbox).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PENDING


def test_when_the_email_cannot_be_built_nothing_is_stored_and_the_person_is_told(
    world, client, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    consultation = _consultation(world)
    events_before = AuditEvent.objects.count()

    def broken(*args, **kwargs):
        raise BadHeaderError("Header values can't contain newlines")

    monkeypatch.setattr(services, "build_message", broken)
    url = f"/{world.government.slug}/consultations/{consultation.pk}/"
    with override("en"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "Parks, please", "email": "ana@example.org"})
    assert response.status_code == 200
    assert (
        "could not prepare the email that confirms your contribution" in response.content.decode()
    )
    assert not Contribution.objects.exists()
    assert AuditEvent.objects.count() == events_before
    assert not mailoutbox


def test_the_service_refuses_with_a_validation_error_and_stores_nothing(world, monkeypatch):
    from django.core.exceptions import ValidationError

    consultation = _consultation(world)
    monkeypatch.setattr(
        services, "build_message", lambda *a, **k: (_ for _ in ()).throw(BadHeaderError("x"))
    )
    with pytest.raises(ValidationError):
        services.submit_contribution(consultation, text="Yes", email="ana@example.org")
    assert not Contribution.objects.exists()


def test_an_invitation_email_that_cannot_be_built_stores_no_invitation(world, monkeypatch):
    from django.core.exceptions import ValidationError

    from lazos.actions.tests.factories import make_actor

    consultation = _consultation(world)
    actor = make_actor(world.government, "Universidad", email="uni@example.org")
    monkeypatch.setattr(
        services, "build_message", lambda *a, **k: (_ for _ in ()).throw(BadHeaderError("x"))
    )
    with pytest.raises(ValidationError):
        services.invite_actors(
            consultation, actors=[actor], acting_user=world.users["administrator"]
        )
    assert not consultation.invitations.exists()
