"""Every write to agreements: validated, in a transaction, audited.

The status is not an ordinary field: it changes only through :func:`transition_agreement`,
which allows the moves of ``choices.TRANSITIONS`` and records each one, dated. The one
exception is creation: an agreement starts as a draft, or, to record an agreement signed
before Lazos was used, directly in the status it has today (``create_agreement(status=...)``);
no transition is recorded then, the creation's audit event shows the status.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lazos.agreements.choices import TRANSITIONS, AgreementStatus, Side
from lazos.agreements.models import Agreement, AgreementTransition, Signatory
from lazos.core import audit
from lazos.core.attachments import delete_attachment
from lazos.core.services import delete_audited, save_audited
from lazos.core.tenancy import require_same_government
from lazos.partners.models import Partner

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government
    from lazos.reference.models import SdgTarget, Theme

# The fields a form, an import or the API may set (the status is set by transitions).
AGREEMENT_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "summary",
    "objectives",
    "lead_department",
    "signed_on",
    "in_force_from",
    "valid_until",
    "renewal",
    "notice_period_days",
    "legal_basis",
    "registration_required",
    "registration_status",
    "registration_submitted_on",
    "registration_authority",
    "registration_reference",
    "registration_opinion",
    "is_public",
    "public_summary",
    "external_id",
    "language",
    "translations",
)

SIGNATORY_FIELDS: tuple[str, ...] = ("side", "partner", "name", "position")


def status_label(status: str) -> str:
    try:
        return str(AgreementStatus(status).label)
    except ValueError:
        return str(status)


class InvalidTransition(ValidationError):
    """A change of status the legal life of an agreement does not allow."""

    def __init__(self, from_status: str, to_status: str) -> None:
        self.from_status, self.to_status = from_status, to_status
        allowed = sorted(
            TRANSITIONS.get(from_status, frozenset()), key=list(AgreementStatus.values).index
        )
        params = {
            "from": status_label(from_status),
            "to": status_label(to_status),
            "allowed": ", ".join(status_label(s) for s in allowed),
        }
        if allowed:
            message = _(
                "An agreement cannot go from %(from)s to %(to)s. "
                "From %(from)s it can go to: %(allowed)s."
            )
        else:
            message = _(
                "An agreement cannot go from %(from)s to %(to)s: "
                "%(from)s is final, its status cannot change any more."
            )
        super().__init__(message, code="invalid_transition", params=params)


def _ids(objects: Iterable[Partner | int]) -> list[int]:
    return sorted({int(o.pk) if isinstance(o, Model) else int(o) for o in objects})


def _check_partners(government_id: int, partners: Iterable[Partner | int]) -> list[int]:
    ids = _ids(partners)
    if not ids:
        raise ValidationError({"partners": _("An agreement needs at least one partner party.")})
    found = Partner.objects.for_tenant(government_id).filter(pk__in=ids).count()
    if found != len(ids):
        raise ValidationError({"partners": _("Choose partners of this government.")})
    return ids


def _check_department(government_id: int, values: dict[str, Any]) -> None:
    require_same_government(government_id, "lead_department", values.get("lead_department"))


def _status_date(agreement: Agreement, status: str) -> date:
    """The best-known date an agreement recorded after the fact reached ``status``."""
    known = {
        AgreementStatus.SIGNED: agreement.signed_on,
        AgreementStatus.IN_FORCE: agreement.in_force_from or agreement.signed_on,
        AgreementStatus.EXPIRED: agreement.valid_until,
    }.get(AgreementStatus(status))
    return known or timezone.localdate()


@transaction.atomic
def create_agreement(
    government: Government | int,
    *,
    acting_user: User | None,
    partners: Iterable[Partner | int],
    themes: Iterable[Theme | str] = (),
    sdg_targets: Iterable[SdgTarget | str] = (),
    tags: Iterable[str] = (),
    status: str = AgreementStatus.DRAFT,
    **values: Any,
) -> Agreement:
    """Record a new agreement with its partner parties.

    ``status`` is the draft by default; give the current status to record an agreement
    concluded before it was registered in Lazos (its status date is then the known date of
    signature, entry into force or expiry).
    """
    government_id = government if isinstance(government, int) else government.pk
    partner_ids = _check_partners(government_id, partners)
    _check_department(government_id, values)
    if status not in AgreementStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    agreement = Agreement(government_id=government_id, status=status)
    for name, value in values.items():
        if name in AGREEMENT_FIELDS:
            setattr(agreement, name, value)
    agreement.status_changed_on = _status_date(agreement, status)
    return save_audited(
        agreement,
        acting_user=acting_user,
        fields=AGREEMENT_FIELDS,
        values=values,
        m2m={"partners": partner_ids, "themes": list(themes), "sdg_targets": list(sdg_targets)},
        tags=list(tags),
    )


@transaction.atomic
def update_agreement(
    agreement: Agreement,
    *,
    acting_user: User | None,
    partners: Iterable[Partner | int] | None = None,
    themes: Iterable[Theme | str] | None = None,
    sdg_targets: Iterable[SdgTarget | str] | None = None,
    tags: Iterable[str] | None = None,
    **values: Any,
) -> Agreement:
    """Change the agreement's fields; a many-to-many left as ``None`` stays as it is."""
    _check_department(agreement.government_id, values)
    m2m: dict[str, Iterable[Partner | Theme | SdgTarget | int | str]] = {}
    if partners is not None:
        m2m["partners"] = _check_partners(agreement.government_id, partners)
    if themes is not None:
        m2m["themes"] = list(themes)
    if sdg_targets is not None:
        m2m["sdg_targets"] = list(sdg_targets)
    return save_audited(
        agreement,
        acting_user=acting_user,
        fields=AGREEMENT_FIELDS,
        values=values,
        m2m=m2m,
        tags=None if tags is None else list(tags),
    )


@transaction.atomic
def delete_agreement(agreement: Agreement, *, acting_user: User) -> None:
    """Delete the agreement with its signatories, status changes, commitments and documents
    (each document's removal is audited; actions under it stay, without agreement)."""
    for attachment in agreement.attachments.all():
        delete_attachment(attachment, acting_user=acting_user)
    delete_audited(agreement, acting_user=acting_user)


@transaction.atomic
def transition_agreement(
    agreement: Agreement,
    *,
    acting_user: User | None,
    to_status: str,
    on: date | None = None,
    note: str = "",
    valid_until: date | None = None,
) -> Agreement:
    """Move the agreement to ``to_status`` on ``on`` (today by default).

    Only the moves of ``TRANSITIONS`` are allowed (:class:`InvalidTransition` otherwise,
    and nothing is written). Signing fills ``signed_on`` and coming into force fills
    ``in_force_from`` when they are empty; ``valid_until`` sets a new end of validity (a
    renewal). The change is recorded as an ``AgreementTransition`` and in the agreement's
    audit event (status before and after, with the note).
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.can_move_to(to_status):
        raise InvalidTransition(agreement.status, to_status)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("A change of status cannot be dated in the future.")})
    # The previous change: the last recorded one, or the known date of the status an
    # agreement was recorded in (a draft may be recorded after its talks began).
    previous = agreement.transitions.order_by("-on").values_list("on", flat=True).first()
    if previous is None and agreement.status != AgreementStatus.DRAFT:
        previous = agreement.status_changed_on
    if previous and on < previous:
        raise ValidationError(
            {
                "on": ValidationError(
                    _("The date cannot be before the previous change of status (%(date)s)."),
                    code="before_previous",
                    params={"date": date_format(previous, "DATE_FORMAT")},
                )
            }
        )
    from_status = agreement.status
    with audit.recording(agreement, actor=acting_user, note=note.strip()):
        agreement.status = to_status
        agreement.status_changed_on = on
        if to_status == AgreementStatus.SIGNED and not agreement.signed_on:
            agreement.signed_on = on
        if to_status == AgreementStatus.IN_FORCE and not agreement.in_force_from:
            agreement.in_force_from = on
        if valid_until is not None:
            agreement.valid_until = valid_until
        try:
            agreement.full_clean()
        except ValidationError as error:
            raise _as_transition_error(error) from None
        agreement.save()
    step = AgreementTransition(
        government_id=agreement.government_id,
        agreement=agreement,
        from_status=from_status,
        to_status=to_status,
        on=on,
        note=note.strip(),
        actor=acting_user if getattr(acting_user, "pk", None) else None,
    )
    step.full_clean()
    step.save()
    return agreement


def _as_transition_error(error: ValidationError) -> ValidationError:
    """Errors of the agreement's dates, told against the transition's own parameters: the
    date of the change (``on``), the new end of validity (``valid_until``), or the whole."""
    if not hasattr(error, "error_dict"):
        return error
    mapped: dict[str, list[ValidationError]] = {}
    for name, errors in error.error_dict.items():
        key = {"signed_on": "on", "in_force_from": "on", "valid_until": "valid_until"}.get(
            name, NON_FIELD_ERRORS
        )
        mapped.setdefault(key, []).extend(errors)
    return ValidationError(mapped)


# --- Signatories ---------------------------------------------------------------------------


def _check_signatory(signatory: Signatory) -> None:
    agreement = signatory.agreement
    if signatory.side == Side.OURS:
        if signatory.partner_id is not None:
            raise ValidationError(
                {"partner": _("A signatory for our government does not sign for a partner.")}
            )
        return
    party_ids = list(agreement.partners.values_list("pk", flat=True))
    if signatory.partner_id is None:
        if len(party_ids) != 1:
            raise ValidationError({"partner": _("Choose the partner this person signs for.")})
        signatory.partner_id = party_ids[0]
    elif signatory.partner_id not in party_ids:
        raise ValidationError({"partner": _("Choose one of the agreement's partner parties.")})


@transaction.atomic
def add_signatory(agreement: Agreement, *, acting_user: User | None, **values: Any) -> Signatory:
    signatory = Signatory(government_id=agreement.government_id, agreement=agreement)
    return _save_signatory(signatory, acting_user=acting_user, values=values)


@transaction.atomic
def update_signatory(signatory: Signatory, *, acting_user: User, **values: Any) -> Signatory:
    return _save_signatory(signatory, acting_user=acting_user, values=values)


def _save_signatory(
    signatory: Signatory, *, acting_user: User | None, values: dict[str, Any]
) -> Signatory:
    with audit.recording(signatory, actor=acting_user, note=str(signatory.agreement)[:200]):
        for name, value in values.items():
            if name not in SIGNATORY_FIELDS:
                raise TypeError(f"Unexpected fields: {name}")
            setattr(signatory, name, value)
        _check_signatory(signatory)
        signatory.full_clean()
        signatory.save()
    return signatory


@transaction.atomic
def delete_signatory(signatory: Signatory, *, acting_user: User) -> None:
    delete_audited(signatory, acting_user=acting_user, note=str(signatory.agreement)[:200])
