"""/api/v1/documents/: the files attached to the register's objects (``core.Attachment``).

The object a document belongs to decides who may do what, as in the UI: whoever may see the
object may list and download its documents; whoever may change it (its model's
``permission_policy``, so an editor on their departments' work) may upload and delete them.
Another government's object or document is a 404, like a missing one.

Attachments are the core's; their resource lives here because ``core`` builds on no feature
app, the API included.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import SAFE_METHODS, TenantGenericViewSet, etag_for
from lazos.api.fields import NamedChoiceField, NamedEnumsMixin
from lazos.api.register import RegisterViewSet
from lazos.api.schema import ErrorSerializer
from lazos.core.attachments import ALLOWED_TYPES, attach_file, delete_attachment
from lazos.core.filtersets import DocumentFilterSet
from lazos.core.models import Attachment, AttachmentKind, AuditEvent, TenantModel
from lazos.core.permissions import Operation, policy_for

# Every type a download may answer with (the file's own type).
DOWNLOAD_TYPES = sorted(
    {mime for mime, _signatures in ALLOWED_TYPES.values()} | {"application/octet-stream"}
)
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


def attachable_model(label: str) -> type[TenantModel]:
    """The model named "app_label.model" if documents can be attached to it (400 otherwise)."""
    app_label, _dot, model_name = label.strip().partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        model = None
    if model is None or not issubclass(model, TenantModel) or model in (Attachment, AuditEvent):
        raise serializers.ValidationError(
            {"content_type": _("Documents cannot be attached to this kind of object.")}
        )
    return model


class DocumentViewSet(RegisterViewSet):
    """Documents attached to any object of the register (signed texts, annexes, reports,
    evidence…). List one object's with ``?content_type=agreements.agreement&object_id=<id>``;
    upload with multipart/form-data; download from ``…/download/``. Versions are kept: the
    same title again adds a new version."""

    model = Attachment
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "delete", "head", "options"]

    # --- the object decides, not the document --------------------------------------------------

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The tenant and token checks of TenantViewSet, without its check of the role on
        # documents as such: the role is checked on the object each document belongs to.
        super(TenantGenericViewSet, self).initial(request, *args, **kwargs)
        self.set_tenant(request)
        if getattr(request.auth, "read_only", False) and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only."))

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        super(TenantGenericViewSet, self).check_object_permissions(request, obj)
        needed = Operation.CHANGE if self.action == "destroy" else Operation.VIEW
        self.check_target(self.target_of(obj), needed)

    def check_target(self, target: models.Model, needed: Operation) -> None:
        if not policy_for(target).allows_on(self.membership, needed, target):
            raise exceptions.PermissionDenied(
                _("Your role does not allow this on the object the document belongs to.")
            )

    def find_target(self, model: type[TenantModel], object_id: int) -> TenantModel:
        target = model.objects.for_tenant(self.government).filter(pk=object_id).first()
        if target is None:
            raise Http404
        return target

    def target_of(self, attachment: Attachment) -> models.Model:
        model = attachment.content_type.model_class()
        if model is None or not issubclass(model, TenantModel):
            raise Http404
        return self.find_target(model, attachment.object_id)

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("content_type", "uploaded_by")

    # --- upload, download, delete --------------------------------------------------------------

    @extend_schema(
        summary="Upload a document",
        description=(
            "Attach a file to an object of the register (who may change the object). The file "
            "is checked for type, content and size; a refused file answers 400 naming the "
            "problem, and nothing is stored."
        ),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: DocumentSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description=_("No such object in your government.")
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = DocumentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        target = self.find_target(attachable_model(data["content_type"]), data["object_id"])
        self.check_target(target, Operation.CHANGE)
        try:
            attachment = attach_file(
                target,
                acting_user=self.acting_user,
                upload=data["file"],
                title=data.get("title", ""),
                kind=data["kind"],
                is_public=data["is_public"],
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise serializers.ValidationError({"file": error.messages}) from None
        body = self.get_serializer(self.reload(attachment)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download a document",
        description="The file itself, under its original name, with its own content type.",
        responses={
            (200, mime): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file."))
            for mime in DOWNLOAD_TYPES
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        attachment = self.get_object()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.mime_type or "application/octet-stream",
        )
        response["ETag"] = etag_for(attachment)
        return response

    def delete_object(self, instance: Attachment) -> None:
        delete_attachment(instance, acting_user=self.acting_user)
