"""/api/v1/audit-events/: the government's activity log (``core.AuditEvent``), read-only.

The audit trail is the core's; its resource lives here because ``core`` builds on no feature
app, the API included.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from lazos.api.base import TenantReadOnlyViewSet
from lazos.core.filtersets import AuditEventFilterSet
from lazos.core.models import AuditEvent


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


@extend_schema_view(
    list=extend_schema(summary="The government's activity log (administrators, coordinators)"),
    retrieve=extend_schema(summary="One recorded change"),
)
class AuditEventViewSet(TenantReadOnlyViewSet):
    """Every recorded change in the government: read-only, like the HTML activity log."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    queryset = AuditEvent.objects.none()

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.for_tenant(self.government).with_related()
