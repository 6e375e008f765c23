"""City networks, the government's memberships and the posts it holds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField, TagNamesField
from lazos.api.register import RegisterSerializer
from lazos.networks.choices import MembershipStatus
from lazos.networks.models import Network, NetworkMembership, NetworkPost


class NetworkSerializer(RegisterSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True, allow_null=True)
    tags = TagNamesField()
    membership = serializers.IntegerField(
        source="membership.pk",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the government's membership in this network; null when not a member."),
    )
    membership_status = NamedChoiceField(
        enum_name="NetworkMembershipStatusEnum",
        source="membership.status",
        choices=MembershipStatus.choices,
        read_only=True,
        allow_null=True,
        help_text=_("Status of the government's membership; null when not a member."),
    )

    class Meta:
        model = Network
        fields = [
            "id",
            "name",
            "acronym",
            "scope",
            "website",
            "description",
            "partner",
            "partner_name",
            "tags",
            "membership",
            "membership_status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class NetworkMembershipSerializer(RegisterSerializer):
    fixed_fields = ("network",)
    network_name = serializers.CharField(source="network.name", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )

    class Meta:
        model = NetworkMembership
        fields = [
            "id",
            "network",
            "network_name",
            "status",
            "since",
            "until",
            "annual_fee",
            "currency",
            "department",
            "department_name",
            "working_groups",
            "reporting_duties",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "currency": {
                "allow_blank": True,
                "help_text": _("ISO 4217 code; the government's currency when omitted."),
            }
        }


class NetworkPostSerializer(RegisterSerializer):
    fixed_fields = ("membership",)
    network_name = serializers.CharField(source="membership.network.name", read_only=True)

    class Meta:
        model = NetworkPost
        fields = [
            "id",
            "membership",
            "network_name",
            "title",
            "holder",
            "start",
            "end",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
