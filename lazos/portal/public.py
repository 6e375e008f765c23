"""What the public portal may show: the public rows of a government and their public fields.

Public fields, by model (everything else is private and never reaches a portal page, feed,
search result or sitemap):

- Action (``is_public``): title, public summary (and their translations), modality, status,
  dates, location, themes, SDG targets, partners (name, kind, country, place), its public
  indicators with targets and approved values, its budget lines (source, funder, description,
  amount: published in the open data and IATI files, as aid transparency asks). Not public:
  description, outcomes, lessons learned, local actor participations and their notes,
  commitments, tags, departments.
- Mission of a public action: destination, purpose, travel cost, number of travellers and
  their positions. Not public: travellers' names and departments.
- Agreement (``is_public``): title, public summary (and translations), kind, status, dates
  (signed, in force, valid until), partners, themes, and its documents marked public. Not
  public: summary, objectives, legal basis, registration details, notice period, commitments,
  signatories.
- Partner: only partners of a public action or agreement, with name, kind, country and place.
  Not public: description, website, contacts, journal notes.
- Network membership (``is_public``): network name, acronym, scope, website; membership
  status and dates; titles and dates of posts held. Not public: fees, working groups,
  reporting duties, holders' names, department.
- Strategy (approved and ``is_public``): title, period, vision, summary; objectives' codes,
  titles and descriptions. Not public: diagnosis, capacities, budget envelope.
- Indicator (``Indicator.objects.public()``): title, description, unit, baseline, targets and
  the values and narratives of approved updates only (the IATI file carries them too); never
  updates that are not approved, evidence files or reviewers. The portal pages show values.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from lazos.actions.choices import Modality
from lazos.actions.models import Action, Mission, Traveller
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.core.models import Attachment
from lazos.governments.models import Government
from lazos.networks.models import NetworkMembership, NetworkPost
from lazos.partners.models import Partner
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

EVENT_MODALITIES = (Modality.EVENT, Modality.MISSION, Modality.DELEGATION)
TRAVEL_MODALITIES = (Modality.MISSION, Modality.DELEGATION)
PARTNER_FIELDS = ("id", "name", "kind", "country", "place")


def portal_government(slug: str) -> Government:
    """The government whose portal is at ``slug``; 404 when unknown or not published."""
    government = (
        Government.objects.filter(slug=slug, portal_enabled=True).select_related("place").first()
    )
    if government is None:
        raise Http404
    return government


def public_partners_only() -> QuerySet[Partner]:
    return Partner.objects.only(*PARTNER_FIELDS).select_related("place").order_by("name")


def public_actions(government: Government) -> QuerySet[Action]:
    return (
        Action.objects.for_tenant(government)
        .public()
        .select_related("government")
        .prefetch_related(Prefetch("partners", queryset=public_partners_only()), "themes")
        .order_by("-start_date", "title", "pk")
    )


def public_agreements(government: Government) -> QuerySet[Agreement]:
    return (
        Agreement.objects.for_tenant(government)
        .filter(is_public=True)
        .select_related("government")
        .prefetch_related(Prefetch("partners", queryset=public_partners_only()), "themes")
        .order_by("-signed_on", "title", "pk")
    )


def agreements_in_force(government: Government) -> QuerySet[Agreement]:
    return public_agreements(government).filter(
        status__in=[AgreementStatus.IN_FORCE, AgreementStatus.SIGNED]
    )


def public_partners(government: Government) -> QuerySet[Partner]:
    """Partners of the government's public actions and agreements."""
    actions = Action.objects.for_tenant(government).public().values("partners")
    agreements = Agreement.objects.for_tenant(government).filter(is_public=True).values("partners")
    return (
        public_partners_only()
        .filter(government=government)
        .filter(Q(pk__in=actions) | Q(pk__in=agreements))
    )


def public_documents(agreement: Agreement) -> list[Attachment]:
    return [a for a in agreement.attachments.all() if a.is_public]


def public_missions(government: Government) -> QuerySet[Mission]:
    return (
        Mission.objects.for_tenant(government)
        .filter(action__is_public=True)
        .select_related("action__government", "destination")
        .prefetch_related(
            Prefetch("travellers", queryset=Traveller.objects.only("id", "mission_id", "position"))
        )
        .order_by("-action__start_date", "pk")
    )


def public_memberships(government: Government) -> QuerySet[NetworkMembership]:
    return (
        NetworkMembership.objects.for_tenant(government)
        .filter(is_public=True)
        .select_related("network")
        .prefetch_related(
            Prefetch(
                "posts",
                queryset=NetworkPost.objects.only("id", "membership_id", "title", "start", "end"),
            )
        )
        .order_by("network__name")
    )


def public_events(government: Government) -> QuerySet[Action]:
    return (
        Action.objects.for_tenant(government)
        .public()
        .filter(modality__in=EVENT_MODALITIES, start_date__isnull=False)
        .select_related("government", "mission", "mission__destination")
        .order_by("-start_date", "pk")
    )


def with_results(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Indicators with their periods and only their approved updates prefetched."""
    approved = IndicatorUpdate.objects.filter(status=UpdateStatus.APPROVED).only(
        "id", "period_id", "value", "qualitative_value", "status", "created_at"
    )
    periods = IndicatorPeriod.objects.order_by("start").prefetch_related(
        Prefetch("updates", queryset=approved.order_by("created_at"))
    )
    return (
        indicators.select_related("government")
        .prefetch_related(Prefetch("periods", queryset=periods))
        .order_by("position", "pk")
    )


def indicator_rows(indicators: Any) -> list[dict[str, Any]]:
    """For each indicator: its latest approved value and the target of that period (or of the
    next period to report)."""
    rows = []
    for indicator in indicators:
        periods = list(indicator.periods.all())
        latest = None
        latest_period = None
        for period in periods:
            approved_updates = list(period.updates.all())  # only the approved (with_results)
            if approved_updates:
                latest = approved_updates[-1]
                latest_period = period
        target_period = latest_period or (periods[0] if periods else None)
        rows.append(
            {
                "indicator": indicator,
                "baseline": indicator.baseline_value,
                "target": target_period.target_value if target_period else None,
                "period": target_period,
                "value": (latest.value if latest.value is not None else latest.qualitative_value)
                if latest
                else None,
            }
        )
    return rows
