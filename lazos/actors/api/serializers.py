"""Local actors of the territory."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.actors.models import LocalActor
from lazos.api.fields import TagNamesField
from lazos.api.register import RegisterSerializer


class LocalActorSerializer(RegisterSerializer):
    tags = TagNamesField()
    participation_count = serializers.IntegerField(
        read_only=True, help_text=_("In how many actions it takes part.")
    )

    class Meta:
        model = LocalActor
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "contact_name",
            "email",
            "phone",
            "website",
            "external_id",
            "tags",
            "participation_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
