"""City networks, the government's memberships and the posts it holds; positions and their
endorsements."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField, TagNamesField
from lazos.api.register import RegisterSerializer
from lazos.networks import services
from lazos.networks.choices import MembershipStatus
from lazos.networks.models import (
    Endorsement,
    Network,
    NetworkMembership,
    NetworkPost,
    Position,
)


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


class PositionSerializer(RegisterSerializer):
    """A position of the government, put to the members of one of its networks. Its
    ``status`` changes only through ``POST …/open/`` and ``POST …/close/``."""

    network_name = serializers.CharField(source="network.name", read_only=True)
    endorsement_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "network",
            "network_name",
            "title",
            "summary",
            "statement",
            "process",
            "language",
            "translations",
            "status",
            "opened_on",
            "closes_on",
            "endorsement_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]


class PublicEndorsementSerializer(serializers.ModelSerializer):
    """An endorsement as everyone reads it: who endorsed, signed by whom, when, why (not who
    recorded it)."""

    government_name = serializers.CharField(source="government.name", read_only=True)

    class Meta:
        model = Endorsement
        fields = ["government", "government_name", "signatory", "endorsed_on", "note"]
        read_only_fields = fields


class NetworkPositionSerializer(RegisterSerializer):
    """A published position of any government (open or closed), as the network directory
    shows it. Only ever read: a government endorses it with ``POST …/endorse/``."""

    government_name = serializers.CharField(source="government.name", read_only=True)
    network_name = serializers.CharField(
        source="network.name", read_only=True, help_text=_("The network, as its author names it.")
    )
    endorsement_count = serializers.IntegerField(read_only=True)
    endorsed_by_us = serializers.BooleanField(
        read_only=True, help_text=_("Whether your government endorsed it.")
    )

    class Meta:
        model = Position
        fields = [
            "id",
            "government",
            "government_name",
            "network_name",
            "title",
            "summary",
            "statement",
            "process",
            "language",
            "translations",
            "status",
            "opened_on",
            "closes_on",
            "endorsement_count",
            "endorsed_by_us",
        ]


class PublicDocumentSerializer(serializers.Serializer):
    """A document of a position marked public (its latest version)."""

    title = serializers.CharField()
    url = serializers.CharField(help_text=_("Where to download it (the network directory's)."))


class NetworkPositionDetailSerializer(NetworkPositionSerializer):
    endorsements = PublicEndorsementSerializer(
        source="public_endorsements", many=True, read_only=True
    )
    documents = serializers.SerializerMethodField(
        help_text=_("Its public documents, as the network directory offers them.")
    )
    endorsement_refusal = serializers.SerializerMethodField(
        help_text=_(
            "Why your government may not endorse it now (the web's sentence); null when it may "
            "or already did."
        )
    )

    class Meta(NetworkPositionSerializer.Meta):
        fields = [
            *NetworkPositionSerializer.Meta.fields,
            "endorsements",
            "documents",
            "endorsement_refusal",
        ]

    @extend_schema_field(PublicDocumentSerializer(many=True))
    def get_documents(self, position: Position) -> list[dict[str, str]]:
        latest: dict[str, Any] = {}
        # latest version first (prefetched by the viewset)
        for attachment in getattr(position, "public_documents", ()):
            latest.setdefault(attachment.title, attachment)
        return [
            {
                "title": attachment.title,
                "url": reverse(
                    "directory:position-document",
                    kwargs={"id": position.pk, "document": attachment.pk},
                ),
            }
            for attachment in latest.values()
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_endorsement_refusal(self, position: Position) -> str | None:
        government = self.context.get("government")
        if government is None or getattr(position, "endorsed_by_us", False):
            return None
        return services.endorsement_refusal(government, position)


class EndorseSerializer(serializers.Serializer):
    """Your government's endorsement."""

    signatory = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Who signs on behalf of the government, e.g. the mayor, by name."),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("Optional, public: a sentence on why the government endorses it."),
    )


class EndorsementSerializer(RegisterSerializer):
    """An endorsement your government gave."""

    position_title = serializers.CharField(source="position.title", read_only=True)
    author_name = serializers.CharField(
        source="position.government.name",
        read_only=True,
        help_text=_("The government that wrote the position."),
    )
    network_name = serializers.CharField(source="position.network.name", read_only=True)
    recorded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Endorsement
        fields = [
            "id",
            "position",
            "position_title",
            "author_name",
            "network_name",
            "signatory",
            "endorsed_on",
            "note",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_recorded_by_name(self, endorsement: Endorsement) -> str:
        user = endorsement.endorsed_by
        return (user.get_full_name() or user.get_username()) if user is not None else ""
