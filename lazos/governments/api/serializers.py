"""Governments (their public facts) and departments."""

from __future__ import annotations

from rest_framework import serializers

from lazos.api.base import TenantSerializer
from lazos.governments.models import Department, Government


class GovernmentSerializer(serializers.ModelSerializer):
    """The public facts of a government (no settings, no members)."""

    languages = serializers.ListField(
        source="official_languages",
        child=serializers.CharField(),
        read_only=True,
        help_text="Official language codes, e.g. “es”, “pt”.",
    )
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Government
        fields = ["id", "name", "slug", "kind", "country", "population", "languages"]
        read_only_fields = fields


class DepartmentSerializer(TenantSerializer):
    class Meta:
        model = Department
        fields = [
            "id",
            "name",
            "acronym",
            "description",
            "email",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
