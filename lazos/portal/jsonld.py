"""schema.org descriptions (JSON-LD) of public pages, and the data of partner maps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.core.content import localized
from lazos.core.links import absolute_url
from lazos.core.maps import MapPoint, WorldMap, points_for_partners, world_map
from lazos.partners.models import Partner

if TYPE_CHECKING:
    from lazos.governments.models import Government


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def website(request: HttpRequest) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "url": absolute_url("/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute_url("/") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def government(request: HttpRequest, government: Government) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": government.name,
        "url": _url(request, "portal:government", government_slug=government.slug),
        "address": {"@type": "PostalAddress", "addressCountry": str(government.country)},
    }
    if government.place_id and government.place:
        data["location"] = {
            "@type": "Place",
            "name": government.place.name,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(government.place.latitude),
                "longitude": float(government.place.longitude),
            },
        }
    return data


def _partners(obj: Any) -> list[dict[str, Any]]:
    return [{"@type": "Organization", "name": p.name} for p in obj.partners.all()]


def action(request: HttpRequest, government: Government, obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": localized(obj, "title").text,
        "description": localized(obj, "public_summary").text,
        "url": _url(request, "portal:action", government_slug=government.slug, id=obj.pk),
        "parentOrganization": {"@type": "GovernmentOrganization", "name": government.name},
        "member": _partners(obj),
    }
    if obj.start_date:
        data["foundingDate"] = obj.start_date.isoformat()
    return data


def event(request: HttpRequest, government: Government, obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": localized(obj, "title").text,
        "description": localized(obj, "public_summary").text,
        "url": _url(request, "portal:action", government_slug=government.slug, id=obj.pk),
        "organizer": {"@type": "GovernmentOrganization", "name": government.name},
    }
    if obj.start_date:
        data["startDate"] = obj.start_date.isoformat()
    if obj.end_date:
        data["endDate"] = obj.end_date.isoformat()
    if obj.location:
        data["location"] = {"@type": "Place", "name": obj.location}
    return data


def agreement(request: HttpRequest, government: Government, obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": localized(obj, "title").text,
        "abstract": localized(obj, "public_summary").text,
        "url": _url(request, "portal:agreement", government_slug=government.slug, id=obj.pk),
        "legislationType": obj.get_kind_display(),
        "legislationPassedBy": [
            {"@type": "GovernmentOrganization", "name": government.name},
            *_partners(obj),
        ],
    }
    if obj.signed_on:
        data["legislationDate"] = obj.signed_on.isoformat()
    if obj.in_force_from:
        data["legislationDateVersion"] = obj.in_force_from.isoformat()
    return data


def public_partner_rows(government: Government | None) -> list[Any]:
    """Public partners: of one government, or of every government whose portal is enabled.
    Only partners of a public action or a public agreement, with their public fields."""

    actions = Action.objects.filter(is_public=True, government__portal_enabled=True)
    agreements = Agreement.objects.filter(is_public=True, government__portal_enabled=True)
    partners = Partner.objects.all()
    if government is not None:
        actions = actions.filter(government=government)
        agreements = agreements.filter(government=government)
        partners = partners.filter(government=government)
    return list(
        partners.filter(
            Q(pk__in=actions.values("partners")) | Q(pk__in=agreements.values("partners"))
        )
        .select_related("place")
        .only("id", "name", "country", "place__name", "place__latitude", "place__longitude",
              "place__country")
        .order_by("name", "pk")[:2000]
    )  # fmt: skip


def partner_map(government: Government | None, title: str) -> WorldMap:
    """The world map of public partners (lazos.core.maps), with the government as origin."""
    points = points_for_partners(public_partner_rows(government))
    origin = None
    if government is not None:
        origin = MapPoint.for_place(government.name, government.place, government.country)
    return world_map(
        points,
        origin=origin,
        lines=origin is not None,
        slug="partners-map",
        title=title,
    )
