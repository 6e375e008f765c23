"""Governments (their public facts) and departments."""

from __future__ import annotations

from rest_framework import serializers

from lazos.api.base import TenantSerializer
from lazos.governments.models import Department, Government, Membership


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


class MembershipSerializer(TenantSerializer):
    """A member of the government as the members' page shows them: who, their role and the
    departments whose work they edit (ids of /api/v1/departments/)."""

    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    since = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "name", "email", "role", "departments", "since"]
        read_only_fields = fields
