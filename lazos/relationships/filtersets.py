"""Filters of the relationship reviews (the API's list; the web shows each relationship's
reviews on its page). The list of relationships and their health is filtered by the web's
:class:`~lazos.relationships.forms.RelationshipFilterForm`, in the page and in the API alike:
its band is computed from the score, not stored."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import IdFilter, TenantFilterSet
from lazos.relationships.choices import ReviewDecision
from lazos.relationships.models import RelationshipReview


class RelationshipReviewFilterSet(TenantFilterSet):
    search_fields = ("reasons", "agreement__title", "partner__name")

    agreement = IdFilter(label=_("Agreement (id)"), field_name="agreement_id")
    partner = IdFilter(label=_("Partner (id)"), field_name="partner_id")
    decision = django_filters.ChoiceFilter(label=_("Decision"), choices=ReviewDecision.choices)

    class Meta:
        model = RelationshipReview
        fields = ["q", "agreement", "partner", "decision"]
