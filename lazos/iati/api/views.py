"""/api/v1/iati-imports/: imports of IATI activity files (coordinators and administrators).

The same steps as the web: upload a file (checked and previewed, nothing written but the file
and its preview), apply it (a background job, all or nothing), follow its progress, read its
result, revert it. Each step refuses what the web refuses, with the same message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.import_revert import RevertibleRunViewSet
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED
from lazos.core import import_revert
from lazos.core.permissions import Operation
from lazos.iati import runs, services
from lazos.iati.api.serializers import (
    IatiImportDetailSerializer,
    IatiImportSerializer,
    IatiProgressSerializer,
    IatiUploadSerializer,
)
from lazos.iati.choices import ImportStatus
from lazos.iati.filtersets import IatiImportFilterSet
from lazos.iati.forms import IatiUploadForm
from lazos.iati.models import IatiImport


class IatiImportViewSet(RevertibleRunViewSet):
    """Imports of IATI activity files into the government's actions (coordinators and
    administrators). Upload a file (``POST``, multipart): the answer is its preview, activity by
    activity, and nothing is written. Then ``POST …/apply/`` queues the job that writes it, all
    or nothing; follow ``…/progress/`` (or the job) until it is "applied" or "failed";
    ``…/revert-preview/`` and ``…/revert/`` undo an applied import."""

    model = IatiImport
    serializer_class = IatiImportSerializer
    filterset_class = IatiImportFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return IatiImportSerializer
        return IatiImportDetailSerializer

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("uploaded_by", "reverted_by")

    @extend_schema(
        summary="Upload an IATI activity file and preview its import",
        description=(
            "Checks the file (multipart/form-data) and answers its preview: for each activity, "
            "whether it creates an action or updates the one with its identifier, and what "
            "comes with it (budgets, results, partners, transactions, documents), with "
            "warnings. Nothing is written but the file and its preview until "
            "`POST …/apply/`. A file that is not IATI XML, is too large, or holds activities "
            "that cannot be imported is refused (400) with every problem, as on the web, and "
            "is not kept."
        ),
        request={"multipart/form-data": IatiUploadSerializer},
        responses={201: IatiImportDetailSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = IatiUploadForm(data=request.data, files=request.FILES)
        self.check_upload(form)
        try:
            run = services.preview_import(
                self.government,
                acting_user=self.acting_user,
                upload=form.cleaned_data["file"],
                publish=form.cleaned_data["publish"],
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"file": error.messages}) from None
        return self.uploaded(run)

    @extend_schema(
        summary="Apply an IATI import",
        description=(
            "Queues the job that writes the file's activities in one transaction (audited "
            'with the channel "import"), as the web\'s apply button: a previewed import, or '
            "one that failed or was abandoned (nothing of it was written). The answer is the "
            'import: "applied" or "failed" (see `failure`) when the job ran at once, else '
            '"queued" or "running" (follow `…/progress/` or `job_url`). Send `If-Match` with '
            "the ETag you read to be refused (412) if it changed meanwhile."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: IatiImportDetailSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        self.require(Operation.CHANGE, run)
        self.check_if_match(run)
        run = runs.queue_import(run, acting_user=self.acting_user)
        return self.etagged(self.reload(run))

    @extend_schema(
        summary="Follow an IATI import's progress",
        description=(
            "How many activities the apply job has written of how many, while it is queued "
            "or running (poll it every 2 seconds while `is_active`), then its final status "
            "and, if it failed, why (nothing was written)."
        ),
        responses={200: IatiProgressSerializer},
    )
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        done, total = runs.current_progress(run)
        percent = (
            100 if run.status == ImportStatus.APPLIED else (int(100 * done / total) if total else 0)
        )
        body = {
            "status": run.status,
            "is_active": run.is_active,
            "done": done,
            "total": total,
            "percent": percent,
            "elapsed_seconds": runs.elapsed_seconds(run),
            "failure": run.failure,
            "job_url": IatiImportSerializer(run).data["job_url"],
        }
        return Response(IatiProgressSerializer(body).data)

    # --- revert (RevertibleRunViewSet) ---------------------------------------------------------

    def revert_refusal(self, run: IatiImport) -> str:
        return runs.revert_refusal(run)

    def plan_revert(self, run: IatiImport) -> import_revert.RevertPlan:
        return runs.plan_revert(run, government=self.government)

    def queue_revert(self, run: IatiImport) -> import_revert.RevertState:
        return runs.queue_revert(run, government=self.government, acting_user=self.acting_user)
