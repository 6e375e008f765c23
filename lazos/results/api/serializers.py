"""Indicators, periods and targets, target revisions, indicator updates and their
disaggregation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.register import RegisterSerializer
from lazos.results.choices import UpdateStatus
from lazos.results.models import (
    Indicator,
    IndicatorPeriod,
    IndicatorUpdate,
    TargetRevision,
    UpdateDisaggregation,
)
from lazos.results.services import INDICATOR_FIELDS, refusal_for_role

DECIMAL = {"max_digits": 16, "decimal_places": 4}


class IndicatorSerializer(RegisterSerializer):
    """What is measured, on one objective or one action (exactly one of the two)."""

    disaggregations = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        help_text=_("Disaggregation dimensions: “sex”, “age_group” or custom names."),
    )
    update_due = serializers.BooleanField(
        read_only=True, help_text=_("Someone should report a new value now.")
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            *INDICATOR_FIELDS,
            "update_due",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class IndicatorPeriodSerializer(RegisterSerializer):
    """A reporting period of an indicator with its target. The target changes only through
    ``POST …/revise-target/``, which keeps who, when and why."""

    fixed_fields = ("indicator",)
    indicator_title = serializers.CharField(source="indicator.title", read_only=True)

    class Meta:
        model = IndicatorPeriod
        fields = [
            "id",
            "indicator",
            "indicator_title",
            "start",
            "end",
            "target_value",
            "target_comment",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ReviseTargetSerializer(serializers.Serializer):
    """A change of a period's target, with the reason."""

    new_value = serializers.DecimalField(
        **DECIMAL, allow_null=True, help_text=_("The new target (null: no numeric target).")
    )
    reason = serializers.CharField(help_text=_("Why the target changes; kept with who and when."))
    target_comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=_("For a qualitative indicator, the rubric level aimed at."),
    )


class TargetRevisionSerializer(RegisterSerializer):
    indicator = serializers.IntegerField(source="period.indicator_id", read_only=True)

    class Meta:
        model = TargetRevision
        fields = [
            "id",
            "period",
            "indicator",
            "previous_value",
            "new_value",
            "reason",
            "revised_by",
            "created_at",
        ]
        read_only_fields = fields


class DisaggregationSerializer(serializers.ModelSerializer):
    """Part of an update's value for one category of one dimension (e.g. sex = female)."""

    class Meta:
        model = UpdateDisaggregation
        fields = ["dimension", "category", "value"]
        # The uniqueness of a category is checked by the service, with its own message.
        validators: list[Any] = []


class IndicatorUpdateSerializer(RegisterSerializer):
    """A value reached in a period, with its narrative, evidence and disaggregation. It is
    recorded as a draft; its ``status`` changes only through ``…/submit/``, ``…/approve/`` and
    ``…/return/``. Only a draft or a returned update can be edited or deleted."""

    fixed_fields = ("period",)
    indicator = serializers.IntegerField(source="period.indicator_id", read_only=True)
    indicator_title = serializers.CharField(source="period.indicator.title", read_only=True)
    disaggregations = DisaggregationSerializer(
        many=True,
        required=False,
        help_text=_(
            "Values by category of the dimensions the indicator declares; sending the list "
            "replaces it."
        ),
    )
    evidence_url = serializers.SerializerMethodField(
        help_text=_("Where to download the evidence file (null when there is none).")
    )
    can_review = serializers.SerializerMethodField(
        help_text=_("It is submitted and you may approve or return it.")
    )

    class Meta:
        model = IndicatorUpdate
        fields = [
            "id",
            "period",
            "indicator",
            "indicator_title",
            "value",
            "qualitative_value",
            "narrative",
            "disaggregations",
            "evidence_name",
            "evidence_url",
            "status",
            "reported_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "return_reason",
            "can_review",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "evidence_name",
            "status",
            "reported_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "return_reason",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_url(self, update: IndicatorUpdate) -> str | None:
        if not update.evidence:
            return None
        return reverse("api:indicator-update-evidence", args=[update.pk])

    @extend_schema_field(serializers.BooleanField())
    def get_can_review(self, update: IndicatorUpdate) -> bool:
        membership = self.context.get("membership")
        request = self.context.get("request")
        if membership is None or request is None or update.status != UpdateStatus.SUBMITTED:
            return False
        return not refusal_for_role(membership.role, request.user, update)


class EvidenceUploadSerializer(serializers.Serializer):
    evidence = serializers.FileField(
        help_text=_("The evidence file (checked for type, content and size like every upload).")
    )


class ReturnUpdateSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What the reporter should correct."),
    )


# --- progress (read-only) --------------------------------------------------------------------


class PeriodProgressSerializer(serializers.Serializer):
    """One period of an indicator: its target, the actual value reached and how much of the
    target that is."""

    period = serializers.IntegerField(source="period.pk")
    label = serializers.CharField()
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    target_value = serializers.DecimalField(
        **DECIMAL, source="period.target_value", allow_null=True
    )
    target_comment = serializers.CharField(source="period.target_comment")
    actual_value = serializers.DecimalField(
        **DECIMAL,
        source="actual.value",
        allow_null=True,
        help_text=_("The approved value (or the roll-up of the linked indicators' values)."),
    )
    actual_level = serializers.CharField(
        source="actual.text", help_text=_("For a qualitative indicator: the rubric level reached.")
    )
    percent_reached = serializers.IntegerField(
        source="percent",
        allow_null=True,
        help_text=_("How much of the way from the baseline to the target, in percent."),
    )


class IndicatorProgressSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    measure = serializers.CharField(source="indicator.measure")
    baseline_value = serializers.DecimalField(
        **DECIMAL, source="indicator.baseline_value", allow_null=True
    )
    periods = PeriodProgressSerializer(many=True)
