"""Every write of the solidarity board: validated, atomic and audited.

The path of help:

1. the affected government declares an emergency and posts needs;
2. a government tied to it (:mod:`lazos.solidarity.ties`) offers help for an open need;
3. the affected government accepts the offer (the match) or declines it. Accepting records
   the help as actions of modality "emergency aid" in both registers: one action per offer
   in the offering government's register (``Offer.action``), written in the name of the
   person who made the offer, and one response action per emergency in the affected
   government's register (``Emergency.response_action``), with the helping governments
   as partners;
4. the offering government marks its offer delivered, which completes its action;
5. the affected government says when a need is met (never automatically: one need may take
   several offers), and closes the emergency: open needs are withdrawn, pending offers
   declined and the response action completed. Accepted offers can still be delivered.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import ActionStatus, Modality
from lazos.actions.models import Action
from lazos.actions.services import create_action, update_action
from lazos.core.events import notify
from lazos.core.services import save_audited
from lazos.governments.models import Government
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.partners.services import create_partner
from lazos.partners.ties import partnered_governments
from lazos.reference.models import Theme
from lazos.solidarity.choices import EmergencyStatus, NeedStatus, OfferStatus
from lazos.solidarity.events import EMERGENCY_DECLARED, OFFER_ACCEPTED, OFFER_MADE
from lazos.solidarity.models import Emergency, Need, Offer
from lazos.solidarity.ties import is_tied, tied_governments

if TYPE_CHECKING:
    from lazos.accounts.models import User

EMERGENCY_FIELDS = ("title", "hazard", "description", "started_on", "contact_name", "contact_email")
NEED_FIELDS = ("category", "description", "quantity")
OFFER_FIELDS = ("description", "quantity", "amount", "currency")
RISK_THEME = "risk"


def _day(on: date | None, field: str) -> date:
    """``on``, or today; a day in the future is refused (this records what happened)."""
    today = timezone.localdate()
    if on is None:
        return today
    if on > today:
        raise ValidationError({field: _("This date cannot be in the future.")})
    return on


def _language(government: Government) -> str:
    languages: list[str] = government.official_languages or ["en"]
    return languages[0]


def _require_open_emergency(emergency: Emergency) -> None:
    if emergency.status != EmergencyStatus.OPEN:
        raise ValidationError(
            _("The emergency “%(title)s” is closed."), params={"title": emergency.title}
        )


def _require_open_need(need: Need) -> None:
    if need.status != NeedStatus.OPEN:
        raise ValidationError(
            _("This need is no longer open (%(status)s)."),
            params={"status": need.get_status_display()},
        )


def _themes() -> list[Theme]:
    return list(Theme.objects.filter(code=RISK_THEME))


def partner_record(
    government: Government, other: Government, *, acting_user: User | None
) -> Partner:
    """``government``'s partner record of ``other``: the one it has, or a new one (a foreign
    local government with ``other``'s name, country and place)."""
    partner = partnered_governments(government).get(other.pk)
    if partner is not None:
        return partner
    return create_partner(
        government,
        acting_user=acting_user,
        name=other.name,
        kind=PartnerKind.LOCAL_GOVERNMENT,
        country=other.country,
        place=other.place,
        languages=list(other.official_languages or []),
    )


# --- Emergencies -----------------------------------------------------------------------------


@transaction.atomic
def declare_emergency(government: Government, *, acting_user: User, **values: Any) -> Emergency:
    """Post an emergency of ``government`` on the board; its tied governments see it."""
    emergency = Emergency(government=government, status=EmergencyStatus.OPEN)
    if not values.get("started_on"):
        values["started_on"] = timezone.localdate()
    save_audited(emergency, acting_user=acting_user, fields=EMERGENCY_FIELDS, values=values)
    tied = Government.objects.filter(pk__in=tied_governments(government)).order_by("pk")
    for other in tied:
        notify(EMERGENCY_DECLARED.code, emergency, actor=acting_user, government=other)
    return emergency


@transaction.atomic
def update_emergency(emergency: Emergency, *, acting_user: User, **values: Any) -> Emergency:
    """Correct what the emergency says (also after it closed); its status has its own verbs."""
    if "started_on" in values and not values["started_on"]:
        raise ValidationError({"started_on": _("Say when the emergency started.")})
    return save_audited(emergency, acting_user=acting_user, fields=EMERGENCY_FIELDS, values=values)


@transaction.atomic
def close_emergency(
    emergency: Emergency,
    *,
    acting_user: User,
    closing_note: str,
    closed_on: date | None = None,
) -> Emergency:
    """Close the emergency: open needs are withdrawn, pending offers declined and the response
    action completed. Accepted offers stay accepted until their government delivers them."""
    _require_open_emergency(emergency)
    if not (closing_note or "").strip():
        raise ValidationError({"closing_note": _("Say how the emergency ended.")})
    closed_on = _day(closed_on, "closed_on")
    if closed_on < emergency.started_on:
        raise ValidationError({"closed_on": _("An emergency cannot close before it started.")})
    save_audited(
        emergency,
        acting_user=acting_user,
        fields=("status", "closing_note", "closed_on"),
        values={
            "status": EmergencyStatus.CLOSED,
            "closing_note": closing_note.strip(),
            "closed_on": closed_on,
        },
    )
    note = gettext("The emergency was closed.")
    pending = Offer.objects.filter(need__emergency=emergency, status=OfferStatus.OFFERED)
    for offer in pending.select_for_update():
        save_audited(
            offer,
            acting_user=acting_user,
            fields=("status",),
            values={"status": OfferStatus.DECLINED},
            note=note,
        )
    for need in emergency.needs.filter(status=NeedStatus.OPEN).select_for_update():
        save_audited(
            need,
            acting_user=acting_user,
            fields=("status",),
            values={"status": NeedStatus.WITHDRAWN},
            note=note,
        )
    response = emergency.response_action
    if response is not None and response.status not in (
        ActionStatus.COMPLETED,
        ActionStatus.CANCELLED,
    ):
        update_action(
            response,
            acting_user=acting_user,
            status=ActionStatus.COMPLETED,
            end_date=response.end_date or max(closed_on, response.start_date or closed_on),
        )
    return emergency


# --- Needs -----------------------------------------------------------------------------------


@transaction.atomic
def post_need(emergency: Emergency, *, acting_user: User, **values: Any) -> Need:
    """Ask for something (a technical team, equipment, funds…) for an open emergency."""
    _require_open_emergency(emergency)
    need = Need(government_id=emergency.government_id, emergency=emergency)
    return save_audited(need, acting_user=acting_user, fields=NEED_FIELDS, values=values)


@transaction.atomic
def update_need(need: Need, *, acting_user: User, **values: Any) -> Need:
    """Change what an open need asks for."""
    _require_open_need(need)
    return save_audited(need, acting_user=acting_user, fields=NEED_FIELDS, values=values)


def _close_need(need: Need, status: str, *, acting_user: User, note: str) -> Need:
    _require_open_need(need)
    save_audited(need, acting_user=acting_user, fields=("status",), values={"status": status})
    for offer in need.offers.filter(status=OfferStatus.OFFERED).select_for_update():
        save_audited(
            offer,
            acting_user=acting_user,
            fields=("status",),
            values={"status": OfferStatus.DECLINED},
            note=note,
        )
    return need


@transaction.atomic
def withdraw_need(need: Need, *, acting_user: User) -> Need:
    """The need is no longer asked for; pending offers for it are declined."""
    return _close_need(
        need,
        NeedStatus.WITHDRAWN,
        acting_user=acting_user,
        note=gettext("The need was withdrawn."),
    )


@transaction.atomic
def mark_need_met(need: Need, *, acting_user: User) -> Need:
    """The affected government says the need is covered; pending offers for it are declined."""
    return _close_need(
        need, NeedStatus.MET, acting_user=acting_user, note=gettext("The need has been met.")
    )


# --- Offers ----------------------------------------------------------------------------------


@transaction.atomic
def make_offer(government: Government, need: Need, *, acting_user: User, **values: Any) -> Offer:
    """``government`` offers help for an open need of an emergency of a government tied to it.

    An amount without a currency is in the offering government's currency."""
    affected = need.government
    if government.pk == need.government_id:
        raise ValidationError(_("A government cannot offer help for its own emergency."))
    _require_open_emergency(need.emergency)
    _require_open_need(need)
    if not is_tied(government, affected):
        raise ValidationError(
            _(
                "Only governments tied to %(government)s (partners or network members) "
                "can offer help."
            ),
            params={"government": affected.name},
        )
    if values.get("amount") is not None and not values.get("currency"):
        values["currency"] = government.currency
    if values.get("currency"):
        values["currency"] = str(values["currency"]).upper()
    offer = Offer(
        government=government, need=need, status=OfferStatus.OFFERED, offered_by=acting_user
    )
    save_audited(offer, acting_user=acting_user, fields=OFFER_FIELDS, values=values)
    notify(OFFER_MADE.code, need, actor=acting_user, government=affected, note=government.name)
    return offer


def _require_pending(offer: Offer) -> None:
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(
            _("This offer is no longer waiting for an answer (%(status)s)."),
            params={"status": offer.get_status_display()},
        )


@transaction.atomic
def withdraw_offer(offer: Offer, *, acting_user: User) -> Offer:
    """The offering government takes back an offer that has not been answered yet."""
    _require_pending(offer)
    return save_audited(
        offer,
        acting_user=acting_user,
        fields=("status",),
        values={"status": OfferStatus.WITHDRAWN},
    )


@transaction.atomic
def decline_offer(offer: Offer, *, acting_user: User) -> Offer:
    """The affected government answers no to a pending offer."""
    _require_pending(offer)
    return save_audited(
        offer,
        acting_user=acting_user,
        fields=("status",),
        values={"status": OfferStatus.DECLINED},
        note=gettext("Declined by %(government)s.") % {"government": offer.need.government.name},
    )


def _offering_action(offer: Offer, on: date) -> Action:
    """The emergency-aid action in the offering government's register, in its language and in
    the name of the person who made the offer."""
    helper = offer.government
    affected = offer.need.government
    emergency = offer.need.emergency
    partner = partner_record(helper, affected, acting_user=offer.offered_by)
    with translation.override(_language(helper)):
        title = gettext("Emergency aid to %(government)s: %(need)s") % {
            "government": affected.name,
            "need": offer.need.get_category_display(),
        }
        description = "\n\n".join(
            part
            for part in (
                offer.description,
                offer.quantity,
                gettext(
                    "For the emergency “%(emergency)s” of %(government)s. "
                    "Accepted by %(government)s on %(date)s."
                )
                % {
                    "emergency": emergency.title,
                    "government": affected.name,
                    "date": date_format(on, "DATE_FORMAT"),
                },
            )
            if part
        )
    return create_action(
        helper,
        acting_user=offer.offered_by,
        title=title[:300],
        modality=Modality.EMERGENCY_AID,
        status=ActionStatus.ONGOING,
        start_date=on,
        description=description,
        partners=[partner],
        themes=_themes(),
    )


def _record_response(emergency: Emergency, helper: Government, *, acting_user: User) -> Action:
    """Create the affected government's response action at the first match, or add the
    helping government to its partners."""
    affected = emergency.government
    partner = partner_record(affected, helper, acting_user=acting_user)
    response = emergency.response_action
    if response is None:
        with translation.override(_language(affected)):
            title = gettext("Response to: %(emergency)s") % {"emergency": emergency.title}
        response = create_action(
            affected,
            acting_user=acting_user,
            title=title[:300],
            modality=Modality.EMERGENCY_AID,
            status=ActionStatus.ONGOING,
            start_date=emergency.started_on,
            description=emergency.description,
            partners=[partner],
            themes=_themes(),
        )
        save_audited(
            emergency,
            acting_user=acting_user,
            fields=("response_action",),
            values={"response_action": response},
        )
    elif not response.partners.filter(pk=partner.pk).exists():
        update_action(
            response,
            acting_user=acting_user,
            partners=[*response.partners.all(), partner],
        )
    return response


@transaction.atomic
def accept_offer(offer: Offer, *, acting_user: User, on: date | None = None) -> Offer:
    """The match: the affected government accepts a pending offer for an open need. The help
    is recorded as emergency-aid actions in both registers."""
    _require_pending(offer)
    need = offer.need
    _require_open_emergency(need.emergency)
    _require_open_need(need)
    on = _day(on, "accepted_on")
    if on < need.emergency.started_on:
        raise ValidationError(
            {"accepted_on": _("An offer cannot be accepted before the emergency started.")}
        )
    action = _offering_action(offer, on)
    _record_response(need.emergency, offer.government, acting_user=acting_user)
    save_audited(
        offer,
        acting_user=acting_user,
        fields=("status", "accepted_on", "action"),
        values={"status": OfferStatus.ACCEPTED, "accepted_on": on, "action": action},
        note=gettext("Accepted by %(government)s.") % {"government": need.government.name},
    )
    notify(
        OFFER_ACCEPTED.code,
        need,
        actor=acting_user,
        government=offer.government,
        note=need.government.name,
    )
    return offer


@transaction.atomic
def deliver_offer(offer: Offer, *, acting_user: User | None, on: date | None = None) -> Offer:
    """The offering government says the help arrived; its emergency-aid action is completed."""
    if offer.status != OfferStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted offer can be marked delivered."))
    on = _day(on, "delivered_on")
    save_audited(
        offer,
        acting_user=acting_user,
        fields=("status", "delivered_on"),
        values={"status": OfferStatus.DELIVERED, "delivered_on": on},
    )
    action = offer.action
    if action is not None and action.status != ActionStatus.CANCELLED:
        update_action(action, acting_user=acting_user, status=ActionStatus.COMPLETED, end_date=on)
    return offer
