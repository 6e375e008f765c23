"""The agreements' sections of the home page: deadlines of agreements in force (inside their
notice period, expiring, or past their end and still in force) and national registrations
pending. One query each, whatever the number of agreements."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.agreements.choices import AgreementStatus, RegistrationStatus
from lazos.agreements.models import Agreement
from lazos.agreements.querysets import AgreementQuerySet
from lazos.core.home import (
    ITEM_LIMIT,
    HomeItem,
    HomeSection,
    Urgency,
    home_section,
    sees_everything,
)

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership

# An agreement shows once its notice deadline (or, without a notice period, its end) is this
# close.
LOOKAHEAD_DAYS = 60

# Registration statuses that wait for someone, and how urgent each is.
REGISTRATION_URGENCY = {
    RegistrationStatus.OBSERVED: Urgency.NOW,  # returned with observations: answer them
    RegistrationStatus.PENDING: Urgency.NOW,  # to be submitted
    RegistrationStatus.SUBMITTED: Urgency.LATER,  # waiting for the national authority
}


def _agreements(government: Government, membership: Membership) -> AgreementQuerySet:
    queryset = Agreement.objects.for_tenant(government)
    if not sees_everything(membership):
        queryset = queryset.filter(lead_department__in=membership.department_ids)
    return queryset


def deadline_item(agreement: Agreement, today: date) -> HomeItem | None:
    """The agreement's next deadline as a home item, or None while it is far off."""
    assert agreement.valid_until is not None
    deadline = agreement.notice_deadline
    horizon = today + timedelta(days=LOOKAHEAD_DAYS)
    url = agreement.get_absolute_url()
    if agreement.valid_until < today:
        return HomeItem(
            agreement.title,
            url,
            agreement.valid_until,
            Urgency.PASSED,
            badge=_("ended, still in force: update its status"),
            day_label=_("ended on"),
        )
    if deadline is not None and deadline <= horizon:
        passed = deadline < today
        return HomeItem(
            agreement.title,
            url,
            deadline,
            Urgency.PASSED if passed else Urgency.SOON,
            badge=_("inside its notice period") if passed else _("notice period ahead"),
            day_label=_("notice deadline"),
        )
    if agreement.valid_until <= horizon:
        return HomeItem(
            agreement.title,
            url,
            agreement.valid_until,
            Urgency.SOON,
            badge=_("expiring"),
            day_label=_("ends on"),
        )
    return None


@home_section(order=10)
def agreement_deadlines(government: Government, membership: Membership, today: date) -> HomeSection:
    rows = (
        _agreements(government, membership)
        .in_force()
        .filter(valid_until__isnull=False)
        .only("id", "government_id", "title", "status", "valid_until", "notice_period_days")
        .order_by("valid_until", "id")
    )
    items = [item for item in (deadline_item(a, today) for a in rows) if item is not None]
    items.sort(key=lambda item: (item.urgency, item.day or date.max))
    return HomeSection(
        key="agreement-deadlines",
        heading=_("Agreement deadlines"),
        items=items[:ITEM_LIMIT],
        count=len(items),
        more_url=reverse("agreements:agreement-list") + "?status=" + AgreementStatus.IN_FORCE,
        more_label=_("Agreements in force"),
        empty_text=_("No agreement reaches its notice deadline or its end in the next 60 days."),
        empty_url=reverse("agreements:agreement-list") + "?expiring_within=180",
        empty_label=_("See those expiring within 180 days"),
    )


@home_section(order=40)
def registrations_pending(
    government: Government, membership: Membership, today: date
) -> HomeSection:
    rows = list(
        _agreements(government, membership)
        .filter(
            registration_required=True,
            status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE],
            registration_status__in=list(REGISTRATION_URGENCY),
        )
        .only(
            "id",
            "government_id",
            "title",
            "status",
            "signed_on",
            "registration_status",
            "registration_submitted_on",
        )
        .order_by("signed_on", "id")
    )
    items = [
        HomeItem(
            a.title,
            a.get_absolute_url(),
            a.registration_submitted_on or a.signed_on,
            REGISTRATION_URGENCY[RegistrationStatus(a.registration_status)],
            badge=a.get_registration_status_display(),
            day_label=_("submitted on") if a.registration_submitted_on else _("signed on"),
        )
        for a in rows
    ]
    items.sort(key=lambda item: (item.urgency, item.day or date.max))
    return HomeSection(
        key="registrations",
        heading=_("National registrations pending"),
        items=items[:ITEM_LIMIT],
        count=len(items),
        more_url=reverse("agreements:agreement-list")
        + "?registration_status="
        + RegistrationStatus.PENDING,
        more_label=_("Agreements to submit for registration"),
        empty_text=_("Every signed agreement that needs national registration is registered."),
        empty_url=reverse("agreements:agreement-list"),
        empty_label=_("Open the agreements"),
    )
