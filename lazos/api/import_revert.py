"""Reverting an import through the API, for every kind of import run (spreadsheets, IATI):
``GET …/revert-preview/`` tells what a revert would delete and restore and its conflicts (or
why the import cannot be reverted), ``POST …/revert/`` queues it.

The revert is the core's (:mod:`lazos.core.import_revert`); its API lives here because
``core`` builds on no feature app, the API included. A viewset of import runs builds on
:class:`RevertibleRunViewSet` and implements its three hooks with its app's services, as the
web's revert pages do (:class:`lazos.core.import_revert_views.ImportRevertView`); its
serializer builds on :class:`RevertibleRunSerializer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.fields import NamedEnumsMixin
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core import import_revert
from lazos.core.job_kinds import ImportRevertJobs
from lazos.core.models import RevertRun
from lazos.core.permissions import Operation


class RevertStateSerializer(serializers.Serializer):
    """The import's revert as it stands: queued or running (done of total), or why the last
    attempt failed."""

    running = serializers.BooleanField(help_text=_("A revert is queued or running."))
    done = serializers.IntegerField(help_text=_("Records deleted or restored so far."))
    total = serializers.IntegerField(help_text=_("Records to delete or restore in all."))
    failure = serializers.CharField(help_text=_("Why the last revert failed (else empty)."))


class RevertValueSerializer(serializers.Serializer):
    """One field of a record: the value before the import, the one it wrote, the one now."""

    name = serializers.CharField()
    label = serializers.CharField()
    restored = serializers.SerializerMethodField(help_text=_("The value given back."))
    imported = serializers.SerializerMethodField(help_text=_("The value the import wrote."))
    current = serializers.SerializerMethodField(help_text=_("The value stored now."))
    changed_by = serializers.CharField(help_text=_("Who changed it since (a conflict)."))
    changed_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.CharField())
    def get_restored(self, value: import_revert.FieldValue) -> str:
        return str(value.shown.get("restored", value.restored))

    @extend_schema_field(serializers.CharField())
    def get_imported(self, value: import_revert.FieldValue) -> str:
        return str(value.shown.get("imported", value.imported))

    @extend_schema_field(serializers.CharField())
    def get_current(self, value: import_revert.FieldValue) -> str:
        return str(value.shown.get("current", value.current))


class RevertEntrySerializer(serializers.Serializer):
    """One record of the plan: deleted, restored, left alone (a conflict) or not touched."""

    kind = serializers.CharField(help_text=_("The kind of record."))
    id = serializers.CharField(source="pk")
    label = serializers.CharField()
    reason = serializers.CharField(help_text=_("Why it is left alone or not touched."))
    url = serializers.CharField(help_text=_("Its web page, when it still exists."))
    fields = RevertValueSerializer(many=True)


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    count = serializers.IntegerField()


@dataclass
class RevertPreview:
    """What the preview answers (see :class:`RevertPreviewSerializer`)."""

    refusal: str
    state: import_revert.RevertState
    plan: import_revert.RevertPlan | None


class RevertPreviewSerializer(serializers.Serializer):
    """What reverting the import would do, or why it cannot be reverted."""

    can_revert = serializers.SerializerMethodField(
        help_text=_("Whether POST …/revert/ would be accepted now.")
    )
    refusal = serializers.CharField(
        help_text=_("Why the import cannot be reverted (empty when it can).")
    )
    revert_days = serializers.SerializerMethodField(
        help_text=_("An import can be reverted once, within this many days of its application.")
    )
    state = RevertStateSerializer()
    deletions_count = serializers.SerializerMethodField()
    restorations_count = serializers.SerializerMethodField()
    conflicts_count = serializers.SerializerMethodField()
    deletions_by_kind = serializers.SerializerMethodField()
    restorations_by_kind = serializers.SerializerMethodField()
    deletions = serializers.SerializerMethodField(
        help_text=_("The records it would delete (the first 100).")
    )
    restorations = serializers.SerializerMethodField(
        help_text=_("The records whose values it would give back (the first 100).")
    )
    conflicts = serializers.SerializerMethodField(
        help_text=_("Records changed since the import, left as they are (the first 100).")
    )
    not_touched = serializers.SerializerMethodField(
        help_text=_("Records it leaves alone: gone since, kept parts, rows not brought back.")
    )

    def _entries(self, entries: list[import_revert.Entry]) -> Any:
        return RevertEntrySerializer(entries[: import_revert.SHOWN], many=True).data

    @extend_schema_field(serializers.BooleanField())
    def get_can_revert(self, preview: RevertPreview) -> bool:
        return not preview.refusal

    @extend_schema_field(serializers.IntegerField())
    def get_revert_days(self, preview: RevertPreview) -> int:
        return import_revert.revert_days()

    @extend_schema_field(serializers.IntegerField())
    def get_deletions_count(self, preview: RevertPreview) -> int:
        return len(preview.plan.deletions) if preview.plan else 0

    @extend_schema_field(serializers.IntegerField())
    def get_restorations_count(self, preview: RevertPreview) -> int:
        return len(preview.plan.restorations) if preview.plan else 0

    @extend_schema_field(serializers.IntegerField())
    def get_conflicts_count(self, preview: RevertPreview) -> int:
        return len(preview.plan.conflicts) if preview.plan else 0

    @extend_schema_field(KindCountSerializer(many=True))
    def get_deletions_by_kind(self, preview: RevertPreview) -> list[dict[str, Any]]:
        pairs = preview.plan.deletions_by_kind if preview.plan else []
        return [{"kind": kind, "count": count} for kind, count in pairs]

    @extend_schema_field(KindCountSerializer(many=True))
    def get_restorations_by_kind(self, preview: RevertPreview) -> list[dict[str, Any]]:
        pairs = preview.plan.restorations_by_kind if preview.plan else []
        return [{"kind": kind, "count": count} for kind, count in pairs]

    @extend_schema_field(RevertEntrySerializer(many=True))
    def get_deletions(self, preview: RevertPreview) -> Any:
        return self._entries(preview.plan.deletions if preview.plan else [])

    @extend_schema_field(RevertEntrySerializer(many=True))
    def get_restorations(self, preview: RevertPreview) -> Any:
        return self._entries(preview.plan.restorations if preview.plan else [])

    @extend_schema_field(RevertEntrySerializer(many=True))
    def get_conflicts(self, preview: RevertPreview) -> Any:
        return self._entries(preview.plan.conflicts if preview.plan else [])

    @extend_schema_field(RevertEntrySerializer(many=True))
    def get_not_touched(self, preview: RevertPreview) -> Any:
        plan = preview.plan
        if plan is None:
            return []
        return self._entries([*plan.gone, *plan.kept_parts, *plan.not_restored])


class RevertResultSerializer(serializers.Serializer):
    """What became of the revert just queued: done at once, or queued for the worker."""

    reverted = serializers.BooleanField(help_text=_("The import is reverted."))
    message = serializers.CharField(
        help_text=_("What the revert did, or that it is running, or why it failed.")
    )
    state = RevertStateSerializer()
    job_url = serializers.CharField(
        allow_null=True, help_text=_("The revert's background job (state, progress, error).")
    )


class RevertibleRunSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """What every kind of import run shows alike: who uploaded and reverted it, whether it is
    active, its revert's state and its background job. A subclass names its job kind and the
    status of a run not applied yet (which has no job)."""

    job_slug = ""  # the slug of the run's job kind
    previewed = "previewed"  # the status of a run not applied yet

    uploaded_by_name = serializers.CharField(
        source="uploaded_by.get_username", read_only=True, allow_null=True
    )
    reverted_by_name = serializers.CharField(
        source="reverted_by.get_username", read_only=True, allow_null=True
    )
    is_active = serializers.BooleanField(
        read_only=True, help_text=_("Queued or running: poll its progress.")
    )
    revert = serializers.SerializerMethodField(
        help_text=_("A revert under way, or why the last one failed.")
    )
    job_url = serializers.SerializerMethodField(
        help_text=_("The import's background job, once it is applied (else null).")
    )

    @extend_schema_field(RevertStateSerializer())
    def get_revert(self, run: Any) -> Any:
        return RevertStateSerializer(import_revert.revert_state(run)).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_job_url(self, run: Any) -> str | None:
        if run.status == self.previewed:
            return None
        return reverse("api:job-detail", args=[f"{self.job_slug}-{run.pk}"])


class RevertibleRunViewSet(RegisterViewSet):
    """A viewset of import runs with ``revert-preview`` and ``revert``: the DELETE permission
    on the run, as the web's revert page."""

    # The app's services (its runs module).
    def revert_refusal(self, run: Any) -> str:
        raise NotImplementedError

    def plan_revert(self, run: Any) -> import_revert.RevertPlan:
        raise NotImplementedError

    def queue_revert(self, run: Any) -> import_revert.RevertState:
        raise NotImplementedError

    def check_upload(self, form: forms.Form) -> None:
        """Refuses (400) an upload its web form refuses, with the form's messages by field."""
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: list(messages) for name, messages in form.errors.items()}
            )

    def uploaded(self, run: Any) -> Response:
        """The run just uploaded and previewed, as the detail shows it, with its ETag (201)."""
        response = self.etagged(self.reload(run))
        response.status_code = status.HTTP_201_CREATED
        return response

    def revert_job_url(self, run: Any) -> str | None:
        """The API address of the run's latest revert job (none before the first)."""
        revert = (
            RevertRun.objects.for_tenant(self.government)
            .filter(
                content_type=ContentType.objects.get_for_model(run, for_concrete_model=True),
                object_id=run.pk,
            )
            .order_by("-created_at", "-id")
            .first()
        )
        if revert is None:
            return None
        return reverse("api:job-detail", args=[f"{ImportRevertJobs.slug}-{revert.pk}"])

    @extend_schema(
        summary="Preview the revert of an import",
        description=(
            "What reverting the applied import would do: the records it created that would be "
            "deleted, the values it changed that would be given back, and the conflicts "
            "(records changed since, left as they are); or, in `refusal`, why it cannot be "
            "reverted (never applied, already reverted, too old, being reverted). Who may "
            "revert imports only (coordinators and administrators)."
        ),
        responses={200: RevertPreviewSerializer},
    )
    @action(detail=True, methods=["get"], url_path="revert-preview")
    def revert_preview(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        self.require(Operation.DELETE, run)
        refusal = self.revert_refusal(run)
        state = import_revert.revert_state(run)
        if not refusal and state.running:
            refusal = str(_("This import is being reverted."))
        plan = None
        if not refusal:
            plan = self.plan_revert(run)
            import_revert.describe(plan)
        return Response(RevertPreviewSerializer(RevertPreview(refusal, state, plan)).data)

    @extend_schema(
        summary="Revert an import",
        description=(
            "Queues the revert of the applied import (a background job): deletes what it "
            "created and gives back what it changed, except what was changed since. Refused "
            "(400, with the reason) like the web refuses it: never applied, already reverted, "
            "applied too long ago, or being reverted. Follow it at `job_url`; the import's "
            "`reverted_at` is set once it is done. Send `If-Match` with the ETag you read to "
            "be refused (412) if it changed meanwhile."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: RevertResultSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def revert(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        self.require(Operation.DELETE, run)
        self.check_if_match(run)
        state = self.queue_revert(run)
        if run.reverted_at is not None:
            message = import_revert.revert_summary(run)
        elif state.failure:
            message = state.failure
        else:
            message = str(_("The revert is running; the import's page shows it."))
        body = {
            "reverted": run.reverted_at is not None,
            "message": message,
            "state": RevertStateSerializer(state).data,
            "job_url": self.revert_job_url(run),
        }
        return Response(RevertResultSerializer(body).data)
