"""/api/v1/imports/: spreadsheet imports of partners, agreements and actions.

The same steps as the web: upload a file (a preview, nothing written), apply it (a background
job), follow its progress, read its result, revert it. Each step refuses what the web
refuses, with the same message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.import_revert import RevertibleRunViewSet
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED
from lazos.core import import_revert
from lazos.core.permissions import Operation, policy_for
from lazos.spreadsheets import runs, services
from lazos.spreadsheets.api.serializers import (
    ImportApplySerializer,
    ImportProgressSerializer,
    ImportRunDetailSerializer,
    ImportRunSerializer,
    ImportUploadSerializer,
    TemplateQuerySerializer,
)
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.examples import example_workbook
from lazos.spreadsheets.filtersets import ImportRunFilterSet
from lazos.spreadsheets.forms import ImportForm
from lazos.spreadsheets.importers import LANGUAGES, importer_for
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.readers import SpreadsheetError
from lazos.spreadsheets.views import XLSX_TYPE


class ImportRunViewSet(RevertibleRunViewSet):
    """Spreadsheet imports of partners, agreements and actions (administrators, coordinators,
    and editors for the records of their departments). Upload a file (``POST``, multipart):
    the answer is its preview, and nothing is written. Then ``POST …/apply/`` queues the job
    that writes it; follow ``…/progress/`` (or the job) until it is "applied" or "failed";
    ``…/revert-preview/`` and ``…/revert/`` undo an applied import."""

    model = ImportRun
    serializer_class = ImportRunSerializer
    filterset_class = ImportRunFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return ImportRunSerializer
        return ImportRunDetailSerializer

    def scoped(self, queryset: Any) -> Any:
        queryset = queryset.select_related("uploaded_by", "reverted_by")
        if self.action == "list":
            queryset = queryset.defer("sample")
        return queryset

    # --- upload and preview --------------------------------------------------------------------

    @extend_schema(
        summary="Upload a spreadsheet and preview its import",
        description=(
            "Stores the file (multipart/form-data) and answers its preview: how many records "
            "it would create and update, the errors by row and column, a sample of the "
            "changes and the rows that may duplicate existing records. Nothing is written "
            "until `POST …/apply/`. Refused (400) as the web's form refuses it: a kind of "
            "record your role may not add, a file that is not .xlsx or .csv, too large or "
            "unreadable."
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportRunDetailSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ImportForm(data=request.data, files=request.FILES, membership=self.membership)
        self.check_upload(form)
        try:
            run = services.preview_import(
                self.government,
                acting_user=self.acting_user,
                membership=self.membership,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                blank_clears=form.cleaned_data["blank_clears"],
            )
        except (SpreadsheetError, DjangoValidationError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise serializers.ValidationError({"file": messages}) from None
        return self.uploaded(run)

    # --- apply and progress --------------------------------------------------------------------

    @extend_schema(
        summary="Apply a previewed import",
        description=(
            "Queues the job that writes the import's records (audited with the channel "
            '"import"), as the web\'s apply button. Only a previewed import without errors '
            "can be applied; every row that matches existing records needs a choice in "
            "`choices` (“new”, or the id of one of its matches), else 400 naming the rows. "
            'The answer is the import: "applied" or "failed" when the job ran at once, '
            'else "queued" or "running" (follow `…/progress/` or `job_url`). Send '
            "`If-Match` with the ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=ImportApplySerializer,
        parameters=[IF_MATCH],
        responses={200: ImportRunDetailSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        self.require(Operation.CHANGE, run)
        self.check_if_match(run)
        form = ImportApplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        choices: dict[int, str] = {}
        for row, choice in form.validated_data["choices"].items():
            if not str(row).strip().isdigit():
                raise serializers.ValidationError(
                    {"choices": [_("Each key is the number of a row of the file.")]}
                )
            choices[int(row)] = choice
        run = services.queue_import(run, acting_user=self.acting_user, choices=choices)
        return self.etagged(self.reload(run))

    @extend_schema(
        summary="Follow an import's progress",
        description=(
            "How many rows the apply job has written of how many, while it is queued or "
            "running (poll it about every second while `is_active`), then its final status."
        ),
        responses={200: ImportProgressSerializer},
    )
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        processed, total = services.current_progress(run)
        percent = int(100 * processed / total) if total else 0
        if run.status == ImportStatus.APPLIED:
            percent = 100
        body = {
            "status": run.status,
            "is_active": run.is_active,
            "processed": processed,
            "total": total,
            "percent": percent,
            "job_url": ImportRunSerializer(run).data["job_url"],
        }
        return Response(ImportProgressSerializer(body).data)

    # --- the template --------------------------------------------------------------------------

    @extend_schema(
        summary="Download an import template",
        description=(
            "The spreadsheet template of a kind of record (its headers, an example row, "
            "instructions and the valid values), in `language` or the request's language."
        ),
        parameters=[TemplateQuerySerializer],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description=_("The template."))
        },
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def template(self, request: Request) -> HttpResponse:
        self.require(Operation.ADD)
        query = TemplateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind = query.validated_data["kind"]
        if not policy_for(importer_for(kind).model).allows(self.membership, Operation.ADD):
            raise exceptions.PermissionDenied(_("Your role does not allow this."))
        language = query.validated_data.get("language") or get_language() or LANGUAGES[0]
        if language not in LANGUAGES:
            language = LANGUAGES[0]
        response = HttpResponse(
            example_workbook(kind, self.government, language), content_type=XLSX_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="lazos-{kind}-template-{language}.xlsx"'
        )
        return response

    # --- revert (RevertibleRunViewSet) ---------------------------------------------------------

    def revert_refusal(self, run: ImportRun) -> str:
        return runs.revert_refusal(run)

    def plan_revert(self, run: ImportRun) -> import_revert.RevertPlan:
        return runs.plan_revert(run, government=self.government)

    def queue_revert(self, run: ImportRun) -> import_revert.RevertState:
        return runs.queue_revert(run, government=self.government, acting_user=self.acting_user)
