"""Consultations: services (audited), public flow with email confirmation, moderation,
response, permissions and query budgets."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from lazos.actions.tests.factories import make_actor
from lazos.consultations import services
from lazos.consultations.choices import Audience, ConsultationStatus, ContributionStatus
from lazos.consultations.models import Consultation, Contribution
from lazos.consultations.tests.factories import ConsultationFactory, ContributionFactory
from lazos.core.audit import Channel, channel
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def _open(world, **values):
    today = timezone.localdate()
    values.setdefault("title", "Twinning with Porto?")
    values.setdefault("description", "Tell us.")
    values.setdefault("opens_on", today)
    values.setdefault("closes_on", today + timedelta(days=30))
    return services.open_consultation(
        world.government, acting_user=world.users["coordinator"], **values
    )


def test_open_consultation_is_audited_and_refuses_bad_dates(world):
    consultation = _open(world)
    assert consultation.status == ConsultationStatus.OPEN
    event = AuditEvent.objects.for_object(consultation).get()
    assert event.actor == world.users["coordinator"]
    with pytest.raises(ValidationError) as error:
        _open(world, closes_on=timezone.localdate() - timedelta(days=1))
    assert "closes_on" in error.value.message_dict


def test_open_consultation_refuses_another_governments_agreement(world):
    from lazos.agreements.tests.factories import AgreementFactory

    foreign = AgreementFactory.create(government=world.other_government)
    with pytest.raises(ValidationError):
        _open(world, agreement=foreign)


def test_public_contribution_needs_email_confirmation_then_moderation(world, mailoutbox):
    consultation = _open(world)
    with channel(Channel.WEB), pytest.MonkeyPatch.context():
        contribution = services.submit_contribution(
            consultation, text="Yes please", display_name="Ana", email="ana@example.org",
            ip_address="10.0.0.1", base_url="http://testserver/",
        )  # fmt: skip
    assert contribution.status == ContributionStatus.UNVERIFIED
    event = AuditEvent.objects.for_object(contribution).get()
    assert event.actor is None
    assert event.channel == Channel.WEB
    assert "email" not in event.changes
    token = services.verification_token(contribution)
    contribution = services.verify_contribution(world.government, token)
    assert contribution.status == ContributionStatus.PENDING
    with pytest.raises(ValidationError):
        services.verify_contribution(world.government, token + "x")
    with pytest.raises(ValidationError):
        services.verify_contribution(world.other_government, token)
    services.moderate_contribution(
        contribution, acting_user=world.users["coordinator"], approve=True
    )
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.APPROVED


def test_expired_confirmation_link_is_refused(world, monkeypatch):
    consultation = _open(world)
    contribution = services.submit_contribution(consultation, text="x", email="a@example.org")
    token = services.verification_token(contribution)
    monkeypatch.setattr(services, "VERIFY_MAX_AGE", -1)
    with pytest.raises(ValidationError, match="expired"):
        services.verify_contribution(world.government, token)


def test_moderation_rules(world):
    consultation = _open(world)
    unverified = ContributionFactory.create(
        consultation=consultation, status=ContributionStatus.UNVERIFIED
    )
    with pytest.raises(ValidationError, match="not confirmed"):
        services.moderate_contribution(
            unverified, acting_user=world.users["coordinator"], approve=True
        )
    pending = ContributionFactory.create(consultation=consultation)
    with pytest.raises(ValidationError):
        services.moderate_contribution(
            pending, acting_user=world.users["coordinator"], approve=False
        )
    services.moderate_contribution(
        pending, acting_user=world.users["coordinator"], approve=False, reason="Off topic"
    )
    pending.refresh_from_db()
    assert pending.status == ContributionStatus.REJECTED
    assert pending.rejection_reason == "Off topic"
    assert AuditEvent.objects.for_object(pending).filter(actor=world.users["coordinator"]).exists()


def test_closed_or_invited_only_consultations_refuse_public_contributions(world):
    consultation = _open(world)
    services.close_consultation(consultation, acting_user=world.users["coordinator"])
    with pytest.raises(ValidationError, match="not open"):
        services.submit_contribution(consultation, text="x", email="a@example.org")
    invited_only = _open(world, audience=Audience.INVITED)
    with pytest.raises(ValidationError, match="invited"):
        services.submit_contribution(invited_only, text="x", email="a@example.org")


def test_invited_actors_get_a_personal_link_and_contribute_without_email(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    actor = make_actor(world.government, "Universidad", email="uni@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        consultation = _open(world, audience=Audience.INVITED, invited_actors=[actor])
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["uni@example.org"]
    match = re.search(r"https?://\S+", mailoutbox[0].body)
    assert match is not None
    link = match[0]
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200
    assert "on behalf of Universidad" in page.content.decode()
    response = client.post(path, {"text": "We support it", "display_name": "Uni"})
    assert response.status_code == 302
    contribution = Contribution.objects.get(consultation=consultation)
    assert contribution.status == ContributionStatus.PENDING
    assert contribution.invitation is not None
    assert contribution.invitation.actor == actor
    assert client.get(f"/{world.government.slug}/consultations/invited/wrong/").status_code == 404


def test_rate_limits_per_ip_and_per_email(world):
    consultation = _open(world)
    for i in range(services.RATE_PER_EMAIL):
        services.submit_contribution(
            consultation, text="x", email="same@example.org", ip_address=f"10.0.0.{i}"
        )
    with pytest.raises(ValidationError, match="this email"):
        services.submit_contribution(consultation, text="x", email="same@example.org")
    for i in range(services.RATE_PER_IP):
        services.submit_contribution(
            consultation, text="x", email=f"p{i}@example.org", ip_address="10.9.9.9"
        )
    with pytest.raises(ValidationError, match="connection"):
        services.submit_contribution(
            consultation, text="x", email="new@example.org", ip_address="10.9.9.9"
        )


def test_public_page_flow_with_honeypot_and_email_link(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    consultation = _open(world)
    url = f"/{world.government.slug}/consultations/{consultation.pk}/"
    response = client.post(url, {"text": "Spam", "email": "bot@example.org", "website": "x"})
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"text": "Great idea", "display_name": "", "email": "ana@example.org"}
        )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.UNVERIFIED
    match = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body)
    assert match is not None
    link = match[1]
    assert client.get(link).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PENDING
    assert "Great idea" not in client.get(url).content.decode()
    services.moderate_contribution(
        contribution, acting_user=world.users["coordinator"], approve=True
    )
    services.publish_response(
        consultation, acting_user=world.users["coordinator"], response="We did it."
    )
    page = client.get(url).content.decode()
    assert "Great idea" in page
    assert "Anonymous" in page
    assert "We did it." in page
    assert "ana@example.org" not in page
    assert client.get(f"/{world.government.slug}/consultations/verify/bad/").status_code == 400


def test_invalid_public_form_shows_errors(world, client):
    consultation = _open(world)
    url = f"/{world.government.slug}/consultations/{consultation.pk}/"
    response = client.post(url, {"text": "", "email": "not-an-email"})
    assert response.status_code == 200
    assert "form-errors" in response.content.decode() or "errorlist" in response.content.decode()


def test_draft_consultations_are_not_public(world, client):
    draft = ConsultationFactory.create(government=world.government, status=ConsultationStatus.DRAFT)
    assert client.get(f"/{world.government.slug}/consultations/{draft.pk}/").status_code == 404
    services.publish_consultation(draft, acting_user=world.users["coordinator"])
    assert client.get(f"/{world.government.slug}/consultations/{draft.pk}/").status_code == 200


OFFICE_READ = {"anonymous": 302, "stranger": 403, "outsider": 200, "administrator": 200,
               "coordinator": 200, "editor": 200, "viewer": 200}  # fmt: skip
OFFICE_CHANGE = {"anonymous": 302, "stranger": 403, "outsider": 200, "administrator": 200,
                 "coordinator": 200, "editor": 403, "viewer": 403}  # fmt: skip


def test_office_permission_matrix(world):
    consultation = ConsultationFactory.create(government=world.government)
    assert_permission_matrix(world, "/consultations/", OFFICE_READ)
    assert_permission_matrix(world, "/consultations/new/", OFFICE_CHANGE)
    detail = {**OFFICE_READ, "outsider": 404}
    assert_permission_matrix(world, f"/consultations/{consultation.pk}/", detail)
    change = {**OFFICE_CHANGE, "outsider": 404}
    assert_permission_matrix(world, f"/consultations/{consultation.pk}/edit/", change)
    assert_permission_matrix(world, f"/consultations/{consultation.pk}/response/", change)
    assert_permission_matrix(world, f"/consultations/{consultation.pk}/history/", detail)
    contribution = ContributionFactory.create(consultation=consultation)
    moderate = {**change, "administrator": 302, "coordinator": 302}
    assert_permission_matrix(
        world, f"/consultations/contributions/{contribution.pk}/moderate/", moderate,
        method="post", data={"decision": "approve"},
    )  # fmt: skip
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.APPROVED


def test_office_create_moderate_respond_through_the_views(world):
    client = world.client_for("coordinator")
    today = timezone.localdate()
    response = client.post(
        "/consultations/new/",
        {"title": "Budget priorities", "description": "Where to focus?", "opens_on": today,
         "closes_on": today + timedelta(days=10), "audience": "public"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    consultation = Consultation.objects.get(title="Budget priorities")
    contribution = ContributionFactory.create(consultation=consultation, text="More culture")
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "More culture" in page
    assert "Moderation queue" in page
    client.post(
        f"/consultations/contributions/{contribution.pk}/moderate/",
        {"decision": "reject", "reason": ""},
    )
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PENDING  # a rejection needs a reason
    response = client.post(
        f"/consultations/{consultation.pk}/response/", {"response": "We heard you."}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.has_response


def test_office_list_query_budget(world):
    client = world.client_for("viewer")

    def add_rows(n: int) -> None:
        for _ in range(n):
            c = ConsultationFactory.create(government=world.government)
            ContributionFactory.create(consultation=c)

    assert_constant_queries(client, "/consultations/", add_rows, budget=15)


def test_public_pages_query_budget(world, client):
    consultation = ConsultationFactory.create(government=world.government)

    def add_rows(n: int) -> None:
        cache.clear()
        for _ in range(n):
            ConsultationFactory.create(government=world.government)
            ContributionFactory.create(
                consultation=consultation, status=ContributionStatus.APPROVED
            )

    slug = world.government.slug
    assert_constant_queries(client, f"/{slug}/consultations/", add_rows, budget=10)
    assert_constant_queries(
        client, f"/{slug}/consultations/{consultation.pk}/", add_rows, budget=12
    )


def test_signed_token_carries_no_readable_email(world):
    consultation = _open(world)
    contribution = services.submit_contribution(consultation, text="x", email="ana@example.org")
    token = services.verification_token(contribution)
    data = signing.loads(token, salt=services.VERIFY_SALT)
    assert data["c"] == contribution.pk
    assert "ana@example.org" not in str(data)
