"""Spreadsheet imports as the API shows them: the run, its preview, its progress; the upload
and the choices of the apply."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.api.import_revert import RevertibleRunSerializer
from lazos.spreadsheets.choices import ImportKind, ImportStatus
from lazos.spreadsheets.importers import LANGUAGES, SAMPLE_SIZE
from lazos.spreadsheets.job_kinds import SpreadsheetImportJobs
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.services import current_progress

KIND_ENUM = "ImportRunKindEnum"  # the name of ImportRun.kind's choices (see NamedEnumsMixin)


class RowErrorSerializer(serializers.Serializer):
    """A cell or a row that cannot be imported, and how to correct it."""

    row = serializers.IntegerField(help_text=_("The row of the file (0: the file as a whole)."))
    column = serializers.CharField(allow_blank=True, help_text=_("The column's header."))
    message = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    """One value a row writes: the column, the value stored now, the value of the file."""

    column = serializers.CharField()
    before = serializers.CharField(allow_blank=True)
    after = serializers.CharField(allow_blank=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        column, before, after = [*list(instance), "", "", ""][:3]
        return {"column": str(column), "before": str(before), "after": str(after)}


class MatchSerializer(serializers.Serializer):
    """An existing record the row's new record may duplicate."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(allow_blank=True, required=False)
    place = serializers.CharField(allow_blank=True, required=False)
    external_id = serializers.CharField(allow_blank=True, required=False)
    url = serializers.CharField(help_text=_("Its web page."))
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text=_("Why it looks like the same record.")
    )


class PreviewRowSerializer(serializers.Serializer):
    """A row of the file and what applying the import would do with it."""

    row = serializers.IntegerField()
    operation = serializers.ChoiceField(
        choices=[("create", "create"), ("update", "update"), ("unchanged", "unchanged")]
    )
    label = serializers.CharField(help_text=_("The record, by its name or title."))
    changes = ChangeSerializer(many=True)
    matches = MatchSerializer(
        many=True,
        required=False,
        help_text=_(
            "Existing records this new one may duplicate: choose, when applying, to use one of "
            "them or to create a new record."
        ),
    )
    same_in_file = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Other rows of the file that would create the same record."),
    )
    choice = serializers.SerializerMethodField(
        help_text=_("The choice made when applying: “new”, or the id of the record used.")
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_choice(self, row: dict[str, Any]) -> str | None:
        choice = row.get("choice")
        return None if choice is None else str(choice)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(
            {"matches": [], "same_in_file": [], **instance}
        )
        return data


class PreviewSerializer(serializers.Serializer):
    """The preview as the import's page shows it."""

    creates = PreviewRowSerializer(
        many=True, help_text=_("The first rows that create a record (20 at most).")
    )
    updates = PreviewRowSerializer(
        many=True, help_text=_("The first rows that change a record (20 at most).")
    )
    matched = PreviewRowSerializer(
        many=True,
        help_text=_(
            "Rows whose new record may duplicate existing ones: each needs a choice when "
            "applying (see POST …/apply/)."
        ),
    )
    alike = PreviewRowSerializer(
        many=True, help_text=_("Rows that would create the same record as other rows.")
    )


def preview_of(run: ImportRun) -> dict[str, Any]:
    """The preview's rows in the groups of the import's page."""
    sample = run.sample or []
    return {
        "creates": [row for row in sample if row.get("operation") == "create"][:SAMPLE_SIZE],
        "updates": [row for row in sample if row.get("operation") == "update"],
        "matched": [row for row in sample if row.get("matches")],
        "alike": [row for row in sample if row.get("same_in_file") and not row.get("matches")],
    }


class ImportRunSerializer(RevertibleRunSerializer):
    """A spreadsheet import: its counts, errors and status (the list leaves out the preview's
    rows; the detail has them)."""

    job_slug = SpreadsheetImportJobs.slug
    previewed = ImportStatus.PREVIEWED
    errors = RowErrorSerializer(many=True, read_only=True)
    can_apply = serializers.BooleanField(
        read_only=True, help_text=_("Previewed without errors: POST …/apply/ applies it.")
    )
    processed = serializers.SerializerMethodField(help_text=_("Rows written so far."))
    total = serializers.SerializerMethodField(help_text=_("Rows in all."))

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "kind",
            "original_name",
            "status",
            "is_active",
            "can_apply",
            "blank_clears",
            "to_create",
            "to_update",
            "unchanged",
            "error_count",
            "errors",
            "ignored_columns",
            "processed",
            "total",
            "uploaded_by",
            "uploaded_by_name",
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
    def get_processed(self, run: ImportRun) -> int:
        return current_progress(run)[0]

    @extend_schema_field(serializers.IntegerField())
    def get_total(self, run: ImportRun) -> int:
        return current_progress(run)[1]


class ImportRunDetailSerializer(ImportRunSerializer):
    """A spreadsheet import with its preview: a sample of the rows to create and to update,
    and every row that may duplicate an existing record."""

    preview = serializers.SerializerMethodField()

    class Meta(ImportRunSerializer.Meta):
        fields = [*ImportRunSerializer.Meta.fields, "preview"]
        read_only_fields = fields

    @extend_schema_field(PreviewSerializer())
    def get_preview(self, run: ImportRun) -> Any:
        return PreviewSerializer(preview_of(run)).data


class ImportUploadSerializer(serializers.Serializer):
    """A spreadsheet to preview (multipart/form-data), as the web's import form takes it."""

    kind = NamedChoiceField(
        choices=ImportKind.choices,
        enum_name=KIND_ENUM,
        help_text=_("The kind of records the file holds, one per row (those your role may add)."),
    )
    file = serializers.FileField(
        help_text=_(
            "A .xlsx or .csv file; the first row holds the column headers. Rows with an "
            "external id already used update that record; the others create new records."
        )
    )
    blank_clears = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Empty cells clear the stored values (else they keep them)."),
    )


class ImportApplySerializer(serializers.Serializer):
    """The choices for the rows that match existing records (see the preview's ``matched``)."""

    choices = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        default=dict,
        help_text=_(
            "For each matched row (its number as the key): “new” to create the record, or the "
            "id of one of its matches to use that record."
        ),
    )


class ImportProgressSerializer(serializers.Serializer):
    """How far an import has gone."""

    status = NamedChoiceField(choices=ImportStatus.choices, enum_name="ImportRunStatusEnum")
    is_active = serializers.BooleanField(help_text=_("Queued or running: poll again."))
    processed = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    job_url = serializers.CharField(allow_null=True)


class TemplateQuerySerializer(serializers.Serializer):
    kind = NamedChoiceField(choices=ImportKind.choices, enum_name=KIND_ENUM)
    language = serializers.ChoiceField(
        choices=[(code, code) for code in LANGUAGES],
        required=False,
        help_text=_("The language of the template (else the request's)."),
    )
