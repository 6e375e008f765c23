"""Serializers of the foundation: governments, departments, audit events, reference data."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.base import TenantSerializer
from lazos.api.models import ApiToken
from lazos.core.models import AuditEvent
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government, Membership
from lazos.reference.models import City, SdgGoal, SdgTarget, Theme


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


class AuditEventSerializer(serializers.ModelSerializer):
    content_type = serializers.SerializerMethodField(
        help_text="The kind of object, as “app_label.model”, e.g. “governments.department”."
    )
    changes = serializers.SerializerMethodField(
        help_text="For each changed field: its value before and after."
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor",
            "actor_label",
            "channel",
            "action",
            "content_type",
            "object_id",
            "object_repr",
            "changes",
            "note",
            "request_id",
        ]
        read_only_fields = fields

    def get_content_type(self, event: AuditEvent) -> str:
        return f"{event.content_type.app_label}.{event.content_type.model}"

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"before": {}, "after": {}},
            },
        }
    )
    def get_changes(self, event: AuditEvent) -> dict[str, Any]:
        return dict(event.changes)


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, e.g. “MX”.")
    name = serializers.CharField(help_text="The country's name in the request's language.")


class CitySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="geonameid", read_only=True, help_text="GeoNames id.")
    label = serializers.CharField(source="display_name", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = City
        fields = [
            "id",
            "name",
            "label",
            "country",
            "subdivision_code",
            "population",
            "latitude",
            "longitude",
            "timezone",
        ]
        read_only_fields = fields


class SdgTargetSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = SdgTarget
        fields = ["code", "position", "name"]
        read_only_fields = fields


class SdgGoalSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")
    targets = SdgTargetSerializer(many=True, read_only=True)

    class Meta:
        model = SdgGoal
        fields = ["code", "number", "name", "targets"]
        read_only_fields = fields


class ThemeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")
    sdg_goals = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="Numbers of related SDGs."
    )

    class Meta:
        model = Theme
        fields = ["code", "name", "sdg_goals"]
        read_only_fields = fields


# --- who am I --------------------------------------------------------------------------------


class GovernmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Government
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class MeMembershipSerializer(serializers.ModelSerializer):
    government = GovernmentRefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    departments = serializers.SerializerMethodField(
        help_text="For editors: ids of the departments whose work they may change."
    )

    class Meta:
        model = Membership
        fields = ["government", "role", "departments"]
        read_only_fields = fields

    def get_departments(self, membership: Membership) -> list[int]:
        return membership.department_ids


class MeTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "read_only", "expires_at", "government"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    memberships = MeMembershipSerializer(many=True, read_only=True)
    government = serializers.SerializerMethodField(
        help_text="The government this request acts in (the token's, or the session's current)."
    )
    role = serializers.SerializerMethodField(help_text="Your role in that government.")
    token = serializers.SerializerMethodField(
        help_text="The token of this request; null for a browser session."
    )

    @extend_schema_field(GovernmentRefSerializer(allow_null=True))
    def get_government(self, me: Any) -> dict[str, Any] | None:
        government = self.context.get("acting_government")
        return GovernmentRefSerializer(government).data if government is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices, allow_null=True))
    def get_role(self, me: Any) -> str | None:
        membership = self.context.get("acting_membership")
        return membership.role if membership is not None else None

    @extend_schema_field(MeTokenSerializer(allow_null=True))
    def get_token(self, me: Any) -> dict[str, Any] | None:
        token = self.context.get("token")
        return MeTokenSerializer(token).data if token is not None else None


__all__ = [
    "AuditEventSerializer",
    "CitySerializer",
    "CountrySerializer",
    "DepartmentSerializer",
    "GovernmentSerializer",
    "MeSerializer",
    "SdgGoalSerializer",
    "ThemeSerializer",
]
