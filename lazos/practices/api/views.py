"""/api/v1/practices/ (with …/publish/ and …/unpublish/), /api/v1/practice-library/ (with
…/mark/ and …/unmark/) and /api/v1/practice-transfers/.

Rows of other governments come only from ``GoodPractice.objects.published()`` (the library)
and ``PracticeTransfer.objects.of_practice(…).for_log()`` (a practice's transfer log), as on
the web pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.register import IF_MATCH, PRECONDITION_FAILED, RegisterViewSet
from lazos.core.permissions import Operation
from lazos.networks.api.shared import SharedReadOnlyViewSet
from lazos.practices import services
from lazos.practices.api.serializers import (
    LibraryPracticeDetailSerializer,
    LibraryPracticeSerializer,
    MarkSerializer,
    PracticeSerializer,
    PracticeTransferSerializer,
    UnmarkSerializer,
)
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.filtersets import LibraryFilterSet, PracticeFilterSet, TransferFilterSet
from lazos.practices.forms import INDICATOR_FORM_FIELDS, MarkForm, UnmarkForm
from lazos.practices.library import score
from lazos.practices.models import GoodPractice, PracticeIndicator, PracticeTransfer
from lazos.reference.models import SdgTarget

MAX_QUERY_LENGTH = 200  # like the library page


def _indicators() -> Prefetch[str, Any, str]:
    return Prefetch("indicators", queryset=PracticeIndicator.objects.order_by("position", "pk"))


class PracticeViewSet(RegisterViewSet):
    """The government's own good practices, drafts and published. Editors write those of
    their departments. The status is read-only here: ``POST …/publish/`` makes a complete
    draft public, ``POST …/unpublish/`` takes it back to draft."""

    model = GoodPractice
    serializer_class = PracticeSerializer
    filterset_class = PracticeFilterSet

    def scoped(self, queryset: Any) -> Any:
        return (
            queryset.select_related("department")
            .prefetch_related(
                "themes",
                "actions",
                Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("pk")),
                _indicators(),
            )
            .with_transfer_counts()
            .order_by("status", F("published_at").desc(nulls_last=True), "title", "pk")
        )

    @transaction.atomic
    def create_object(self, values: dict[str, Any]) -> GoodPractice:
        indicators = values.pop("indicators", None)
        practice = services.create_practice(
            self.government,
            acting_user=self.acting_user,
            themes=values.pop("themes", ()),
            sdg_targets=values.pop("sdg_targets", ()),
            actions=values.pop("actions", ()),
            **values,
        )
        self.save_indicators(practice, indicators)
        return practice

    @transaction.atomic
    def update_object(self, instance: GoodPractice, values: dict[str, Any]) -> GoodPractice:
        indicators = values.pop("indicators", None)
        practice = services.update_practice(
            instance,
            acting_user=self.acting_user,
            themes=values.pop("themes", None),
            sdg_targets=values.pop("sdg_targets", None),
            actions=values.pop("actions", None),
            **values,
        )
        self.save_indicators(practice, indicators)
        return practice

    def save_indicators(self, practice: GoodPractice, rows: list[dict[str, Any]] | None) -> None:
        """The indicators as the form saves them (``services.save_indicators``): those given,
        in order; the practice's others are removed. Nothing happens when none are given."""
        if rows is None:
            return
        existing = {
            indicator.pk: indicator
            for indicator in PracticeIndicator.objects.for_tenant(self.government).filter(
                practice=practice
            )
        }
        changes: list[tuple[PracticeIndicator | None, dict[str, Any]]] = []
        for row in rows:
            values = {name: row.get(name) or "" for name in INDICATOR_FORM_FIELDS}
            pk = row.get("id")
            if pk is not None and pk not in existing:
                raise ValidationError(
                    {"indicators": _("This indicator belongs to another practice.")}
                )
            changes.append((existing.pop(pk) if pk is not None else None, values))
        services.save_indicators(
            practice, acting_user=self.acting_user, rows=changes, remove=list(existing.values())
        )

    def delete_object(self, instance: GoodPractice) -> None:
        services.delete_practice(instance, acting_user=self.acting_user)

    def perform_destroy(self, instance: GoodPractice) -> None:
        # The service's refusal (other governments marked it: withdraw it instead) comes
        # before the generic check of dependent records, with the web's message.
        self.delete_object(instance)

    def change_status(self, publish: bool) -> Response:
        practice = self.get_object()
        self.require(Operation.CHANGE, practice)
        self.check_if_match(practice)
        if publish:
            services.publish_practice(practice, acting_user=self.acting_user)
        else:
            services.unpublish_practice(practice, acting_user=self.acting_user)
        return self.etagged(self.reload(practice))

    @extend_schema(
        summary="Publish a practice",
        description=(
            "Makes a complete draft public: every government finds it in the library. A draft "
            "that lacks its summary, context, solution, results or a theme is refused (400, "
            "one message per missing part, the same as the web's) and nothing is written."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: PracticeSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return self.change_status(publish=True)

    @extend_schema(
        summary="Withdraw a practice from publication",
        description=(
            "Takes a published practice back to draft: it leaves the library and the public "
            "site. The marks other governments left are kept."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: PracticeSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str | None = None) -> Response:
        return self.change_status(publish=False)


LIBRARY_QUERY = OpenApiParameter(
    "q",
    str,
    required=False,
    description=(
        "Words in any language: themes and SDGs connect Spanish, English, French and "
        "Portuguese. The results are then ranked by relevance, best first."
    ),
)


@extend_schema_view(list=extend_schema(parameters=[LIBRARY_QUERY]))
class LibraryViewSet(SharedReadOnlyViewSet):
    """The library: the published practices of every government on the instance, as its pages
    show them. Your government marks another government's practice with
    ``POST …/mark/`` (interested, or we adapted this) and removes its mark with
    ``POST …/unmark/``."""

    model = GoodPractice
    serializer_class = LibraryPracticeSerializer
    filterset_class = LibraryFilterSet
    shared_actions = frozenset({"list", "retrieve", "mark", "unmark"})

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return LibraryPracticeDetailSerializer
        return LibraryPracticeSerializer

    def shared(self) -> Any:
        return GoodPractice.objects.published()

    def filterset_kwargs(self) -> dict[str, Any]:
        return {}

    def scoped(self, queryset: Any) -> Any:
        ours = PracticeTransfer.objects.for_tenant(self.government).filter(practice=OuterRef("pk"))
        queryset = (
            queryset.select_related("government")
            .prefetch_related(
                "themes",
                Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("pk")),
                _indicators(),
            )
            .with_transfer_counts()
            .annotate(
                marked_interested=Exists(ours.filter(kind=TransferKind.INTERESTED)),
                marked_adapted=Exists(ours.filter(kind=TransferKind.ADAPTED)),
            )
            .order_by(F("published_at").desc(nulls_last=True), "title", "pk")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "transfers", queryset=PracticeTransfer.objects.for_log(), to_attr="transfer_log"
                )
            )
        return queryset

    def filter_queryset(self, queryset: Any) -> Any:
        queryset = super().filter_queryset(queryset)
        query = str(self.request.query_params.get("q") or "").strip()[:MAX_QUERY_LENGTH]
        if self.action != "list" or not query:
            return queryset
        ranked = [result.practice_id for result in score(queryset, query)]
        return queryset.filter(pk__in=ranked).order_by(
            Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked)),
                default=Value(len(ranked)),
                output_field=IntegerField(),
            ),
            "pk",
        )

    def require_transfer(self, operation: Operation) -> None:
        """Marks are the acting government's records: ``PracticeTransfer``'s policy decides."""
        self.require(operation, model=PracticeTransfer)

    @extend_schema(
        summary="Mark another government's practice",
        description=(
            "Records that your government is `interested` in this published practice, or "
            "has `adapted` it, with a note and optionally your action; marking again with "
            "the same kind changes the note and the action. Refused (400, with the web's "
            "message) for your own government's practice. The authors and every government "
            "see the mark in the practice's transfer log."
        ),
        request=MarkSerializer,
        responses={200: LibraryPracticeDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def mark(self, request: Request, pk: str | None = None) -> Response:
        practice = self.get_object()
        self.require_transfer(Operation.ADD)
        form = MarkForm(request.data, government=self.government)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        services.mark_practice(
            self.government,
            practice=practice,
            kind=form.cleaned_data["kind"],
            acting_user=self.acting_user,
            note=form.cleaned_data["note"],
            action=form.cleaned_data["action"],
        )
        return self.detail_response(practice)

    @extend_schema(
        summary="Remove your government's mark",
        description="Removes your government's mark of this kind (nothing happens without one).",
        request=UnmarkSerializer,
        responses={200: LibraryPracticeDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def unmark(self, request: Request, pk: str | None = None) -> Response:
        practice = self.get_object()
        self.require_transfer(Operation.DELETE)
        form = UnmarkForm(request.data)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        services.unmark_practice(
            self.government,
            practice=practice,
            kind=form.cleaned_data["kind"],
            acting_user=self.acting_user,
        )
        return self.detail_response(practice)

    def detail_response(self, practice: GoodPractice) -> Response:
        self.action = "retrieve"  # the practice as its detail shows it, with its log
        return self.etagged(self.reload(practice))


class PracticeTransferViewSet(SharedReadOnlyViewSet):
    """What we learned from others: the marks your government left on other governments'
    practices. Of a practice that was withdrawn since, only its author remains."""

    model = PracticeTransfer
    serializer_class = PracticeTransferSerializer
    filterset_class = TransferFilterSet

    def shared(self) -> Any:
        return PracticeTransfer.objects.for_tenant(self.government)

    def scoped(self, queryset: Any) -> Any:
        published = Q(practice__status=PracticeStatus.PUBLISHED)
        return (
            queryset.select_related("recorded_by")
            .annotate(
                practice_is_published=Case(
                    When(published, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                practice_title=Case(
                    When(published, then=F("practice__title")),
                    default=Value(""),
                    output_field=CharField(),
                ),
                author_name=F("practice__government__name"),
            )
            .order_by("-created_at", "pk")
        )

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        """Remove one of your government's marks."""
        transfer = self.get_object()
        self.require(Operation.DELETE, transfer)
        self.check_if_match(transfer)
        services.remove_mark(transfer, acting_user=self.acting_user)
        return Response(status=status.HTTP_204_NO_CONTENT)
