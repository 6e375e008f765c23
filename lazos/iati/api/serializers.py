"""IATI imports as the API shows them: the run, the preview of each activity, the progress;
the upload."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.api.import_revert import RevertibleRunSerializer
from lazos.iati import runs
from lazos.iati.choices import ImportStatus
from lazos.iati.job_kinds import IatiImportJobs
from lazos.iati.models import IatiImport

STATUS_ENUM = "IatiImportStatusEnum"  # the name of IatiImport.status's choices


class ActivityPlanSerializer(serializers.Serializer):
    """What the import does (or did) with one activity of the file."""

    line = serializers.IntegerField(
        allow_null=True, help_text=_("The line of the file where it starts.")
    )
    identifier = serializers.CharField(help_text=_("The activity's IATI identifier."))
    title = serializers.CharField(allow_blank=True)
    operation = serializers.ChoiceField(
        choices=[("create", "create"), ("update", "update"), ("refused", "refused")],
        help_text=_("Whether it creates an action, updates the one with its identifier, or not."),
    )
    action_id = serializers.IntegerField(
        allow_null=True, help_text=_("The action it updates (or created, once applied).")
    )
    budgets = serializers.IntegerField()
    results = serializers.IntegerField()
    partners = serializers.IntegerField()
    transactions = serializers.IntegerField()
    documents = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    kept = serializers.ListField(
        child=serializers.CharField(), help_text=_("What is kept as text only.")
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text=_("Why it cannot be imported.")
    )
    reported_by = serializers.CharField(
        allow_blank=True,
        help_text=_("The reporting organisation, when it is not the government itself."),
    )
    organisations = serializers.ListField(
        child=serializers.DictField(),
        help_text=_("The partners its organisations are matched to, or create."),
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "line": None,
            "action_id": None,
            "budgets": 0,
            "results": 0,
            "partners": 0,
            "transactions": 0,
            "documents": 0,
            "warnings": [],
            "kept": [],
            "reasons": [],
            "reported_by": "",
            "organisations": [],
        }
        data: dict[str, Any] = super().to_representation({**defaults, **instance})
        return data


class IatiImportSerializer(RevertibleRunSerializer):
    """An IATI import: what the file would do, then what it did (the list leaves out the
    activities; the detail has them)."""

    job_slug = IatiImportJobs.slug
    previewed = ImportStatus.PREVIEWED
    can_apply = serializers.BooleanField(
        read_only=True,
        help_text=_("Previewed, failed or abandoned: POST …/apply/ applies it (again)."),
    )
    done = serializers.SerializerMethodField(help_text=_("Activities written so far."))
    total = serializers.SerializerMethodField(help_text=_("Activities in all."))
    elapsed_seconds = serializers.SerializerMethodField()

    class Meta:
        model = IatiImport
        fields = [
            "id",
            "original_name",
            "version",
            "status",
            "is_active",
            "can_apply",
            "publish",
            "to_create",
            "to_update",
            "failure",
            "done",
            "total",
            "elapsed_seconds",
            "uploaded_by",
            "uploaded_by_name",
            "started_at",
            "applied_at",
            "finished_at",
            "reverted_at",
            "reverted_by",
            "reverted_by_name",
            "revert",
            "job_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_done(self, run: IatiImport) -> int:
        return runs.current_progress(run)[0]

    @extend_schema_field(serializers.IntegerField())
    def get_total(self, run: IatiImport) -> int:
        return runs.current_progress(run)[1]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_elapsed_seconds(self, run: IatiImport) -> float | None:
        return runs.elapsed_seconds(run)


class IatiImportDetailSerializer(IatiImportSerializer):
    """An IATI import with what it does with each activity of the file."""

    activities = ActivityPlanSerializer(source="preview", many=True, read_only=True)

    class Meta(IatiImportSerializer.Meta):
        fields = [*IatiImportSerializer.Meta.fields, "activities"]
        read_only_fields = fields


class IatiUploadSerializer(serializers.Serializer):
    """An IATI activity file to preview (multipart/form-data), as the web's form takes it."""

    file = serializers.FileField(
        help_text=_("An iati-activities XML file, version 2.01, 2.02 or 2.03.")
    )
    publish = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Actions with a description become public; the others stay internal."),
    )


class IatiProgressSerializer(serializers.Serializer):
    """How far an IATI import has gone."""

    status = NamedChoiceField(choices=ImportStatus.choices, enum_name=STATUS_ENUM)
    is_active = serializers.BooleanField(help_text=_("Queued or running: poll again."))
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    elapsed_seconds = serializers.FloatField(allow_null=True)
    failure = serializers.CharField(allow_blank=True)
    job_url = serializers.CharField(allow_null=True)
