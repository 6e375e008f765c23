"""Consultation services: open, contribute, confirm, moderate, respond, close. All audited;
public contributions have no actor (channel "web")."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from lazos.actors.models import LocalActor
from lazos.consultations.choices import ConsultationStatus, ContributionStatus
from lazos.consultations.events import CONTRIBUTION_AWAITING
from lazos.consultations.models import Consultation, Contribution, Invitation
from lazos.core import audit, events
from lazos.core.mail import build_message
from lazos.core.services import save_audited
from lazos.core.tenancy import require_same_government

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

CONSULTATION_FIELDS = (
    "title",
    "description",
    "strategy",
    "agreement",
    "opens_on",
    "closes_on",
    "audience",
)
VERIFY_SALT = "lazos.consultations.verify"
VERIFY_MAX_AGE = 3 * 24 * 3600  # seconds a confirmation link stays valid
RATE_WINDOW = 3600  # seconds
RATE_PER_IP = 10  # per consultation and client address
RATE_PER_EMAIL = 5

logger = logging.getLogger(__name__)


def _check_same_government(government: Government, values: dict[str, Any]) -> None:
    for name in ("strategy", "agreement"):
        require_same_government(government, name, values.get(name))


@transaction.atomic
def open_consultation(
    government: Government,
    *,
    acting_user: User,
    invited_actors: Iterable[LocalActor] = (),
    draft: bool = False,
    **values: Any,
) -> Consultation:
    """Create a consultation, open unless ``draft``; invited actors get their personal link."""
    _check_same_government(government, values)
    consultation = Consultation(
        government=government,
        status=ConsultationStatus.DRAFT if draft else ConsultationStatus.OPEN,
    )
    save_audited(consultation, acting_user=acting_user, fields=CONSULTATION_FIELDS, values=values)
    invite_actors(consultation, actors=invited_actors, acting_user=acting_user)
    return consultation


@transaction.atomic
def update_consultation(
    consultation: Consultation,
    *,
    acting_user: User,
    invited_actors: Iterable[LocalActor] | None = None,
    **values: Any,
) -> Consultation:
    _check_same_government(consultation.government, values)
    save_audited(consultation, acting_user=acting_user, fields=CONSULTATION_FIELDS, values=values)
    if invited_actors is not None:
        invite_actors(consultation, actors=invited_actors, acting_user=acting_user)
    return consultation


@transaction.atomic
def publish_consultation(consultation: Consultation, *, acting_user: User) -> Consultation:
    """Open a draft consultation."""
    if consultation.status != ConsultationStatus.DRAFT:
        raise ValidationError(_("Only a draft consultation can be opened."))
    return save_audited(
        consultation,
        acting_user=acting_user,
        fields=["status"],
        values={"status": ConsultationStatus.OPEN},
    )


@transaction.atomic
def invite_actors(
    consultation: Consultation, *, actors: Iterable[LocalActor], acting_user: User
) -> list[Invitation]:
    """Invite local actors (those with an email receive their personal link)."""
    created = []
    already = set(consultation.invitations.values_list("actor_id", flat=True))
    for actor in actors:
        require_same_government(consultation.government_id, "actors", actor)
        if actor.pk in already:
            continue
        invitation = Invitation(
            government=consultation.government, consultation=consultation, actor=actor
        )
        with audit.recording(invitation, actor=acting_user):
            invitation.full_clean()
            invitation.save()
        created.append(invitation)
        if actor.email and consultation.status == ConsultationStatus.OPEN:
            # Built now, in the transaction: an email that cannot be built stores nothing.
            refusal = _(
                "We could not prepare the invitation email for %(name)s, so nothing was saved. "
                "Check the consultation's texts and try again."
            ) % {"name": actor.name}
            message = _prepared(refusal, invitation_message, invitation)
            transaction.on_commit(partial(_deliver_invitation, invitation.pk, message))
    return created


class EmailNotPrepared(ValidationError):
    """The email a write depends on cannot be built; the write is refused."""


def _prepared(refusal: Any, build: Any, *args: Any) -> EmailMessage:
    """``build(*args)``, or ``refusal`` (the transaction is rolled back) when it fails."""
    try:
        message: EmailMessage = build(*args)
    except (ValueError, TemplateSyntaxError) as error:  # BadHeaderError is a ValueError
        logger.exception("A consultation email could not be built")
        raise EmailNotPrepared(refusal, code="email_not_prepared") from error
    return message


def invitation_message(invitation: Invitation) -> EmailMessage:
    """The invitation email of an invited local actor, with their personal link."""
    actor = invitation.actor
    consultation = invitation.consultation
    url = settings.LAZOS_BASE_URL.rstrip("/") + invitation.get_public_url()
    language = (consultation.government.official_languages or ["en"])[0]
    with translation.override(language):
        subject = str(_("You are invited to a consultation: %(title)s")) % {
            "title": consultation.title
        }
        body = render_to_string(
            "consultations/email/invitation.txt",
            {"consultation": consultation, "actor": actor, "url": url},
        )
        return build_message(subject, body, [actor.email])


def send_invitation(invitation: Invitation) -> None:
    """Send (again) the invitation email of ``invitation`` now."""
    _deliver_invitation(invitation.pk, invitation_message(invitation))


def _deliver_invitation(invitation_id: int, message: EmailMessage) -> None:
    message.send()
    Invitation.objects.filter(pk=invitation_id).update(sent_at=timezone.now())


def _rate_limited(key: str, limit: int) -> bool:
    """Count one more attempt for ``key``; True when over ``limit`` in the window."""
    cache_key = f"lazos:consultations:rate:{key}"
    cache.add(cache_key, 0, RATE_WINDOW)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, RATE_WINDOW)
        count = 1
    return count > limit


def _email_digest(email: str) -> str:
    return salted_hmac(VERIFY_SALT, email.lower()).hexdigest()[:20]


def verification_token(contribution: Contribution) -> str:
    """A signed token naming the contribution and (as a digest, not readable) its email."""
    return signing.dumps(
        {"c": contribution.pk, "h": _email_digest(contribution.email)}, salt=VERIFY_SALT
    )


@transaction.atomic
def submit_contribution(
    consultation: Consultation,
    *,
    text: str,
    display_name: str = "",
    email: str = "",
    invitation: Invitation | None = None,
    ip_address: str = "",
    language: str = "",
    base_url: str = "",
    notify: bool = True,
) -> Contribution:
    """Store a contribution. From an invited actor's link it waits for moderation; otherwise
    it waits for its author to confirm the email address (a signed link is sent unless
    ``notify`` is False, as the demo does)."""
    if not consultation.is_open_for_contributions:
        raise ValidationError(_("This consultation is not open for contributions."))
    if invitation is not None and invitation.consultation_id != consultation.pk:
        raise ValidationError(_("This invitation is for another consultation."))
    if invitation is None and consultation.audience != "public":
        raise ValidationError(_("Only invited local actors may contribute to this consultation."))
    if invitation is None and not email:
        raise ValidationError({"email": _("Give your email address to confirm your contribution.")})
    if ip_address and _rate_limited(f"ip:{consultation.pk}:{ip_address}", RATE_PER_IP):
        raise ValidationError(_("Too many contributions from your connection. Try again later."))
    if email and _rate_limited(f"email:{email.lower()}", RATE_PER_EMAIL):
        raise ValidationError(_("Too many contributions with this email. Try again later."))
    contribution = Contribution(
        government=consultation.government,
        consultation=consultation,
        text=text.strip(),
        display_name=display_name.strip(),
        email=(email or (invitation.actor.email if invitation else "")).strip(),
        invitation=invitation,
    )
    if invitation is not None:
        contribution.status = ContributionStatus.PENDING
        contribution.verified_at = timezone.now()
    with audit.recording(contribution, actor=None):
        contribution.full_clean()
        contribution.save()
    if contribution.status == ContributionStatus.PENDING:
        _awaits_moderation(contribution)
    if invitation is None and notify:
        # The contribution and its confirmation email are one unit: the email is built here,
        # in the transaction (a failure stores nothing), and sent once the row is committed.
        message = _prepared(
            _(
                "We could not prepare the email that confirms your contribution, so it was not "
                "saved. Please try again later."
            ),
            verification_message,
            contribution,
            language or translation.get_language() or "",
            base_url,
        )
        transaction.on_commit(message.send)
    return contribution


def verification_url(contribution: Contribution, base_url: str = "") -> str:
    from django.urls import reverse

    path = reverse(
        "public-consultations:verify",
        kwargs={
            "government_slug": contribution.government.slug,
            "token": verification_token(contribution),
        },
    )
    return (base_url or settings.LAZOS_BASE_URL).rstrip("/") + path


def verification_message(
    contribution: Contribution, language: str = "", base_url: str = ""
) -> EmailMessage:
    """The email with the signed link that confirms ``contribution``."""
    with translation.override(language or None):
        subject = str(_("Confirm your contribution: %(title)s")) % {
            "title": contribution.consultation.title
        }
        body = render_to_string(
            "consultations/email/verify.txt",
            {
                "contribution": contribution,
                "url": verification_url(contribution, base_url),
                "days": VERIFY_MAX_AGE // 86400,
            },
        )
        return build_message(subject, body, [contribution.email])


def send_verification(contribution: Contribution, language: str = "", base_url: str = "") -> None:
    """Send (again) the confirmation email of ``contribution`` now."""
    verification_message(contribution, language, base_url).send()


@transaction.atomic
def verify_contribution(government: Government, token: str) -> Contribution:
    """Confirm the email of a contribution from its signed link; it goes to moderation."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("This confirmation link has expired.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This confirmation link is not valid.")) from error
    contribution = (
        Contribution.objects.for_tenant(government)
        .select_for_update()
        .filter(pk=data.get("c"))
        .first()
    )
    if contribution is None or _email_digest(contribution.email) != data.get("h"):
        raise ValidationError(_("This confirmation link is not valid."))
    if contribution.status == ContributionStatus.UNVERIFIED:
        with audit.recording(contribution, actor=None):
            contribution.status = ContributionStatus.PENDING
            contribution.verified_at = timezone.now()
            contribution.save()
        _awaits_moderation(contribution)
    return contribution


def _awaits_moderation(contribution: Contribution) -> None:
    """Tell the office a contribution waits for moderation (once the row is committed)."""
    events.notify(
        CONTRIBUTION_AWAITING.code,
        contribution.consultation,
        actor=None,
        government=contribution.government,
    )


@transaction.atomic
def moderate_contribution(
    contribution: Contribution, *, acting_user: User, approve: bool, reason: str = ""
) -> Contribution:
    """Publish (approve) or reject a confirmed contribution; a rejection needs a reason."""
    if contribution.status == ContributionStatus.UNVERIFIED:
        raise ValidationError(_("Its author has not confirmed the email address yet."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the contribution is rejected.")})
    values = {
        "status": ContributionStatus.APPROVED if approve else ContributionStatus.REJECTED,
        "rejection_reason": "" if approve else reason.strip(),
        "moderated_by": acting_user,
        "moderated_at": timezone.now(),
    }
    return save_audited(contribution, acting_user=acting_user, fields=values, values=values)


@transaction.atomic
def publish_response(
    consultation: Consultation, *, acting_user: User, response: str
) -> Consultation:
    """Publish "you said, we did"; the consultation closes if it was still open."""
    if consultation.status == ConsultationStatus.DRAFT:
        raise ValidationError(_("Open the consultation before responding to it."))
    if not response.strip():
        raise ValidationError({"response": _("Write the response.")})
    values = {
        "response": response.strip(),
        "response_published_at": consultation.response_published_at or timezone.now(),
        "status": ConsultationStatus.CLOSED,
    }
    return save_audited(consultation, acting_user=acting_user, fields=values, values=values)


@transaction.atomic
def close_consultation(consultation: Consultation, *, acting_user: User) -> Consultation:
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."))
    return save_audited(
        consultation,
        acting_user=acting_user,
        fields=["status"],
        values={"status": ConsultationStatus.CLOSED},
    )
