"""Partners, their contacts and their journal notes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.api.fields import TagNamesField
from lazos.api.register import RegisterSerializer
from lazos.core.listing import ListedRelationsMixin
from lazos.partners.models import Contact, Partner, PartnerNote


class PartnerSerializer(ListedRelationsMixin, RegisterSerializer):
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        help_text=_("Working language codes, e.g. “fr”, “en”."),
    )
    tags = TagNamesField()
    place_name = serializers.CharField(source="place.display_name", read_only=True, allow_null=True)
    agreement_count = serializers.IntegerField(
        read_only=True, help_text=_("Agreements with this partner.")
    )
    action_count = serializers.IntegerField(
        read_only=True, help_text=_("Actions with this partner.")
    )

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "kind",
            "country",
            "place",
            "place_name",
            "website",
            "languages",
            "description",
            "is_active",
            "external_id",
            "tags",
            "agreement_count",
            "action_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ContactSerializer(RegisterSerializer):
    fixed_fields = ("partner",)
    partner_name = serializers.CharField(source="partner.name", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "partner",
            "partner_name",
            "name",
            "role",
            "email",
            "phone",
            "notes",
            "is_primary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class PartnerNoteSerializer(RegisterSerializer):
    """A journal note; its author is whoever writes it."""

    partner_name = serializers.CharField(source="partner.name", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    author_name = serializers.CharField(
        source="author.get_username", read_only=True, allow_null=True
    )
    date = serializers.DateField(
        required=False, help_text=_("The day it happened; today when omitted.")
    )

    class Meta:
        model = PartnerNote
        fields = [
            "id",
            "partner",
            "partner_name",
            "date",
            "text",
            "department",
            "department_name",
            "author",
            "author_name",
            "created_at",
        ]
        read_only_fields = ["author", "created_at"]
