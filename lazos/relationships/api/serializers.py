"""Relationship health (a computed score with its reasons) and relationship reviews."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.api.register import RegisterSerializer
from lazos.relationships.choices import Band, ReviewDecision
from lazos.relationships.models import RelationshipReview
from lazos.relationships.views import Row

BAND_ENUM = "RelationshipReviewBandEnum"  # the same choices as a review's band
DECISION_ENUM = "RelationshipReviewDecisionEnum"


class ComponentSerializer(serializers.Serializer):
    """One of the four parts of the score, its points and the reason in words."""

    key = serializers.CharField(
        help_text=_("activity, results, commitments, local_actors (or new_relationship).")
    )
    label = serializers.CharField()
    points = serializers.IntegerField()
    maximum = serializers.IntegerField()
    reason = serializers.CharField()


class SignalsSerializer(serializers.Serializer):
    """The numbers the score is made of, over the government's dormancy window."""

    months = serializers.IntegerField(help_text=_("The window, in months."))
    recent_actions = serializers.IntegerField()
    approved_updates = serializers.IntegerField()
    actions_with_outcomes = serializers.IntegerField()
    commitments_kept = serializers.IntegerField()
    commitments_overdue = serializers.IntegerField()
    commitments_open = serializers.IntegerField()
    local_actors = serializers.IntegerField()
    last_action_on = serializers.DateField(allow_null=True)
    other_recent_activity = serializers.BooleanField()
    started_on = serializers.DateField(allow_null=True)
    is_new = serializers.BooleanField()
    grace_months = serializers.IntegerField()


class HealthSerializer(serializers.Serializer):
    """The health of one relationship (an agreement or a partner): a 0 to 100 score, its
    band, each component with its reason, and the last review."""

    id = serializers.IntegerField(source="obj.pk", help_text=_("The agreement's or partner's id."))
    name = serializers.CharField()
    score = serializers.IntegerField(source="health.score", min_value=0, max_value=100)
    band = NamedChoiceField(choices=Band.choices, enum_name=BAND_ENUM, source="health.band")
    band_label = serializers.CharField(source="health.band_label")
    components = ComponentSerializer(source="health.components", many=True)
    reasons = serializers.SerializerMethodField(
        help_text=_("The reasons that explain the band best (what the list shows).")
    )
    signals = SignalsSerializer(source="health.signals")
    last_review_on = serializers.DateField(allow_null=True)
    last_decision = NamedChoiceField(
        choices=ReviewDecision.choices, enum_name=DECISION_ENUM, allow_blank=True
    )
    next_review_on = serializers.DateField(allow_null=True)

    @extend_schema_field(ComponentSerializer(many=True))
    def get_reasons(self, row: Row) -> list[dict[str, Any]]:
        return list(ComponentSerializer(row.health.top_reasons(), many=True).data)


class RelationshipReviewSerializer(RegisterSerializer):
    """A dated review of an agreement or a partner: the decision, its reasons, and the
    health score and its reasons at the time (computed when it is recorded)."""

    agreement_title = serializers.CharField(
        source="agreement.title", read_only=True, allow_null=True
    )
    partner_name = serializers.CharField(source="partner.name", read_only=True, allow_null=True)
    reviewed_by_name = serializers.SerializerMethodField()
    components = serializers.JSONField(
        read_only=True,
        help_text=_("The numbers, points and reasons of the score at the time of the review."),
    )

    class Meta:
        model = RelationshipReview
        fields = [
            "id",
            "agreement",
            "agreement_title",
            "partner",
            "partner_name",
            "reviewed_on",
            "decision",
            "reasons",
            "next_review_on",
            "score",
            "band",
            "components",
            "reviewed_by",
            "reviewed_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "score",
            "band",
            "components",
            "reviewed_by",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "reviewed_on": {"required": False, "help_text": _("Today when omitted.")},
            "reasons": {"allow_blank": True},
        }

    def get_reviewed_by_name(self, review: RelationshipReview) -> str:
        user = review.reviewed_by
        return (user.get_full_name() or user.get_username()) if user is not None else ""
