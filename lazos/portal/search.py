"""Search across the public items of every government whose portal is enabled.

Matching uses the search index's folded titles (accent- and case-insensitive: "sao" finds
"São"), but only for rows that are public: public actions, public agreements and the partners
of those. The index's body text holds private fields, so it is never searched here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.core.content import localized
from lazos.partners.models import Partner
from lazos.search.models import SearchEntry
from lazos.search.text import search_words

LIMIT = 30


@dataclass(frozen=True)
class PublicResult:
    kind: str
    title: str
    language: str
    url: str
    government: str
    summary: str = ""


def _matching_ids(model: type, words: list[str], public_ids: object) -> object:
    condition = Q()
    for word in words:
        condition &= Q(folded_title__contains=word)
    return (
        SearchEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=public_ids
        )
        .filter(condition)
        .values("object_id")
    )


def search_public(query: str) -> dict[str, list[PublicResult]]:
    words = search_words(query)[:8]
    if not words:
        return {}
    actions_qs = Action.objects.filter(is_public=True, government__portal_enabled=True)
    agreements_qs = Agreement.objects.filter(is_public=True, government__portal_enabled=True)
    partners_qs = Partner.objects.filter(
        Q(pk__in=actions_qs.values("partners")) | Q(pk__in=agreements_qs.values("partners"))
    )
    results: dict[str, list[PublicResult]] = {"actions": [], "agreements": [], "partners": []}
    for action in (
        actions_qs.filter(pk__in=_matching_ids(Action, words, actions_qs.values("pk")))
        .select_related("government")
        .order_by("-start_date", "pk")[:LIMIT]
    ):
        title = localized(action, "title")
        results["actions"].append(
            PublicResult(
                "action",
                title.text,
                title.language,
                reverse(
                    "portal:action",
                    kwargs={"government_slug": action.government.slug, "id": action.pk},
                ),
                action.government.name,
                localized(action, "public_summary").text,
            )
        )
    for agreement in (
        agreements_qs.filter(pk__in=_matching_ids(Agreement, words, agreements_qs.values("pk")))
        .select_related("government")
        .order_by("-signed_on", "pk")[:LIMIT]
    ):
        title = localized(agreement, "title")
        results["agreements"].append(
            PublicResult(
                "agreement",
                title.text,
                title.language,
                reverse(
                    "portal:agreement",
                    kwargs={"government_slug": agreement.government.slug, "id": agreement.pk},
                ),
                agreement.government.name,
                localized(agreement, "public_summary").text,
            )
        )
    for partner in (
        partners_qs.filter(pk__in=_matching_ids(Partner, words, partners_qs.values("pk")))
        .select_related("government")
        .only("id", "name", "kind", "country", "government__name", "government__slug")
        .order_by("name", "pk")[:LIMIT]
    ):
        results["partners"].append(
            PublicResult(
                "partner",
                partner.name,
                "",
                reverse("portal:actions", kwargs={"government_slug": partner.government.slug})
                + f"?partner={partner.pk}",
                partner.government.name,
                " · ".join(
                    x for x in (partner.get_kind_display(), partner.country.name or "") if x
                ),
            )
        )
    return results
