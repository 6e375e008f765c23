"""Emergencies, needs and offers, as the board shows them to the current government: another
government's emergency without its response action; only the offers the government made or
received."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.register import RegisterSerializer
from lazos.solidarity.models import Emergency, Need, Offer


def _ours(serializer: serializers.Serializer, government_id: int) -> bool:
    government = serializer.context.get("government")
    return government is not None and government.pk == government_id


class TieSerializer(serializers.Serializer):
    """How your government is tied to the affected one."""

    partner_name = serializers.CharField(
        allow_null=True, help_text=_("Your register's partner record of it, if any.")
    )
    recorded_by_them = serializers.BooleanField(
        help_text=_("Whether its register records your government as a partner.")
    )
    networks = serializers.ListField(
        child=serializers.CharField(), help_text=_("The networks both belong to.")
    )


class EmergencySerializer(RegisterSerializer):
    """An emergency of your government or of a government tied to it. Its status changes only
    through ``POST …/close/``."""

    government_name = serializers.CharField(source="government.name", read_only=True)
    ours = serializers.SerializerMethodField(help_text=_("Whether it is your government's."))
    response_action = serializers.SerializerMethodField(
        help_text=_(
            "Your emergency-aid action in response (recorded at the first accepted offer); "
            "null for another government's emergency."
        )
    )

    tie = serializers.SerializerMethodField(
        help_text=_("How your government is tied to the affected one; null for your own.")
    )

    class Meta:
        model = Emergency
        fields = [
            "id",
            "government",
            "government_name",
            "ours",
            "tie",
            "title",
            "hazard",
            "description",
            "started_on",
            "status",
            "closed_on",
            "closing_note",
            "contact_name",
            "contact_email",
            "response_action",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "government",
            "status",
            "closed_on",
            "closing_note",
            "created_at",
            "updated_at",
        ]

    def get_ours(self, emergency: Emergency) -> bool:
        return _ours(self, emergency.government_id)

    @extend_schema_field(TieSerializer(allow_null=True))
    def get_tie(self, emergency: Emergency) -> dict[str, Any] | None:
        tie = (self.context.get("ties") or {}).get(emergency.government_id)
        if tie is None or _ours(self, emergency.government_id):
            return None
        return {
            "partner_name": tie.partner.name if tie.partner is not None else None,
            "recorded_by_them": tie.recorded_by_them,
            "networks": list(tie.networks),
        }

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_response_action(self, emergency: Emergency) -> int | None:
        return emergency.response_action_id if _ours(self, emergency.government_id) else None


class CloseEmergencySerializer(serializers.Serializer):
    closing_note = serializers.CharField(
        help_text=_("How the emergency ended and what the help achieved.")
    )
    closed_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Today when omitted; never in the future.")
    )


class NeedSerializer(RegisterSerializer):
    """Something an emergency asks for. ``emergency`` is one of your government's, set at
    creation."""

    fixed_fields = ("emergency",)
    government_name = serializers.CharField(source="government.name", read_only=True)
    emergency_title = serializers.CharField(source="emergency.title", read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "emergency",
            "emergency_title",
            "government",
            "government_name",
            "category",
            "description",
            "quantity",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["government", "status", "created_at", "updated_at"]


class OfferSerializer(RegisterSerializer):
    """An offer your government made, or one made to your government's emergency."""

    government_name = serializers.CharField(
        source="government.name", read_only=True, help_text=_("The government offering help.")
    )
    offered_by_name = serializers.SerializerMethodField()
    emergency = serializers.IntegerField(source="need.emergency_id", read_only=True)
    need_government_name = serializers.CharField(
        source="need.government.name",
        read_only=True,
        help_text=_("The affected government."),
    )
    action = serializers.SerializerMethodField(
        help_text=_(
            "Your emergency-aid action for an accepted offer you made; null for an offer made "
            "to you."
        )
    )

    class Meta:
        model = Offer
        fields = [
            "id",
            "need",
            "emergency",
            "need_government_name",
            "government",
            "government_name",
            "offered_by_name",
            "description",
            "quantity",
            "amount",
            "currency",
            "status",
            "accepted_on",
            "delivered_on",
            "action",
            "created_at",
            "updated_at",
        ]

    def get_offered_by_name(self, offer: Offer) -> str:
        user = offer.offered_by
        return (user.get_full_name() or user.get_username()) if user is not None else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_action(self, offer: Offer) -> int | None:
        return offer.action_id if _ours(self, offer.government_id) else None


class MakeOfferSerializer(serializers.Serializer):
    """Help your government offers for a need."""

    description = serializers.CharField(help_text=_("What you offer."))
    quantity = serializers.CharField(required=False, allow_blank=True, max_length=120)
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        min_value=0,
        help_text=_("For funds: how much you offer."),
    )
    currency = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=3,
        help_text=_("ISO 4217 code, e.g. MXN, BRL, CAD. Empty: your government's currency."),
    )


class AcceptOfferSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Today when omitted; never in the future.")
    )


class DeliverOfferSerializer(serializers.Serializer):
    delivered_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Today when omitted; never in the future.")
    )
