"""Documents: the files attached to any object of the register (``core.Attachment``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.serializers.register import NamedChoiceField, NamedEnumsMixin
from lazos.core.models import Attachment, AttachmentKind

CONTENT_TYPE_HELP = _(
    "The kind of object, as “app_label.model”, e.g. “agreements.agreement”, “actions.action”."
)


class DocumentSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """One version of a document attached to an object."""

    content_type = serializers.SerializerMethodField(help_text=CONTENT_TYPE_HELP)
    uploaded_by_name = serializers.CharField(
        source="uploaded_by.get_username", read_only=True, allow_null=True
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("Where to download the file (GET).")
    )

    class Meta:
        model = Attachment
        fields = [
            "id",
            "content_type",
            "object_id",
            "title",
            "kind",
            "original_name",
            "size",
            "mime_type",
            "version",
            "is_public",
            "uploaded_by",
            "uploaded_by_name",
            "download_url",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_content_type(self, obj: Attachment) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, obj: Attachment) -> str:
        return reverse("api:document-download", args=[obj.pk])


class DocumentUploadSerializer(serializers.Serializer):
    """Upload a file to an object (multipart/form-data). The same title again adds a new
    version of that document."""

    content_type = serializers.CharField(max_length=100, help_text=CONTENT_TYPE_HELP)
    object_id = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text=_("The object's id.")
    )
    file = serializers.FileField(help_text=_("PDF, image, office document, CSV or text."))
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Empty: the file's name. An existing title adds a new version."),
    )
    kind = NamedChoiceField(
        choices=AttachmentKind.choices, default=AttachmentKind.OTHER, enum_name="AttachmentKindEnum"
    )
    is_public = serializers.BooleanField(
        default=False, help_text=_("Public files can appear on the public portal.")
    )
