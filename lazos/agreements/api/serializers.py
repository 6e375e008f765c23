"""Agreements, their signatories and their changes of status."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement, Signatory
from lazos.api.fields import NamedChoiceField, RelatedNamesField, TagNamesField
from lazos.api.register import RegisterSerializer
from lazos.core.listing import ListedRelationsMixin

MAX_NOTICE_DAYS = 36500  # a century: anything longer is a typing mistake
STATUS_ENUM = "AgreementStatusEnum"  # the name of Agreement.status's choices (see NamedEnumsMixin)


class AgreementSerializer(ListedRelationsMixin, RegisterSerializer):
    """An agreement. Its ``status`` changes only through ``POST …/transition/``."""

    partner_names = RelatedNamesField(source="partners", help_text=_("The partner parties."))
    lead_department_name = serializers.CharField(
        source="lead_department.name", read_only=True, allow_null=True
    )
    tags = TagNamesField()
    allowed_transitions = serializers.ListField(
        child=NamedChoiceField(choices=AgreementStatus.choices, enum_name=STATUS_ENUM),
        read_only=True,
        help_text=_("The statuses it can move to from its current one."),
    )
    days_to_expiry = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Days until the end of validity of a signed or in-force agreement."),
    )
    notice_deadline = serializers.SerializerMethodField(
        help_text=_("The day by which renewal or termination must be notified.")
    )
    dormant = serializers.BooleanField(
        read_only=True, help_text=_("In force with nothing done under it for a long time.")
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "kind",
            "summary",
            "objectives",
            "partners",
            "partner_names",
            "status",
            "status_changed_on",
            "allowed_transitions",
            "signed_on",
            "in_force_from",
            "valid_until",
            "days_to_expiry",
            "renewal",
            "notice_period_days",
            "notice_deadline",
            "legal_basis",
            "lead_department",
            "lead_department_name",
            "registration_required",
            "registration_status",
            "registration_submitted_on",
            "registration_authority",
            "registration_reference",
            "registration_opinion",
            "themes",
            "sdg_targets",
            "tags",
            "is_public",
            "public_summary",
            "external_id",
            "dormant",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "status_changed_on", "created_at", "updated_at"]
        extra_kwargs = {"notice_period_days": {"max_value": MAX_NOTICE_DAYS}}

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_notice_deadline(self, agreement: Agreement) -> date | None:
        try:
            return agreement.notice_deadline
        except OverflowError:  # a notice period reaching before the calendar's first day
            return None


class AgreementTransitionSerializer(serializers.Serializer):
    """A change of status: one of the moves the agreement's legal life allows."""

    to_status = NamedChoiceField(
        choices=AgreementStatus.choices, enum_name=STATUS_ENUM, help_text=_("The new status.")
    )
    on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("When it happened (today when omitted; never in the future)."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    valid_until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("A new end of validity (e.g. when renewed)."),
    )


class SignatorySerializer(RegisterSerializer):
    fixed_fields = ("agreement",)
    agreement_title = serializers.CharField(source="agreement.title", read_only=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True, allow_null=True)

    class Meta:
        model = Signatory
        fields = [
            "id",
            "agreement",
            "agreement_title",
            "side",
            "partner",
            "partner_name",
            "name",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
