"""/api/v1/reminders/, /api/v1/notifications/ (with …/read/ and read-all/) and
/api/v1/reminder-preferences/mine/: each person's own, in the token's government."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.accounts.models import User
from lazos.api.base import (
    SAFE_METHODS,
    PreconditionFailed,
    TenantReadOnlyViewSet,
    etag_for,
    resolve_tenant,
)
from lazos.api.pagination import Pagination
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED
from lazos.core import concurrency
from lazos.core.audit import Channel, channel
from lazos.governments.models import Government, Membership
from lazos.reminders import services
from lazos.reminders.api.serializers import (
    MarkedReadSerializer,
    NotificationSerializer,
    ReminderFilterSerializer,
    ReminderPreferenceSerializer,
    ReminderSerializer,
)
from lazos.reminders.badge import forget_reminder_count
from lazos.reminders.choices import ReminderKind, ReminderScope
from lazos.reminders.collect import collect
from lazos.reminders.filtersets import NotificationFilterSet
from lazos.reminders.models import Notification

REMINDER_FILTERS = [
    OpenApiParameter(
        "scope",
        OpenApiTypes.STR,
        enum=ReminderScope.values,
        description=(
            "Whose work: all the government's, or mine (my departments' and what I am "
            "responsible for). Your preference when omitted."
        ),
    ),
    OpenApiParameter(
        "kind",
        OpenApiTypes.STR,
        enum=ReminderKind.values,
        description="Only this kind of reminder (among the kinds of your preference).",
    ),
]


class OwnViewSet(viewsets.GenericViewSet):
    """The tenant, audit channel and token checks of :class:`TenantGenericViewSet`, for
    resources of the person's own that are no object of the government: no object routes
    (``…/{id}/``), since there is no object another member's id could name."""

    pagination_class = Pagination
    filter_backends: list[type[BaseFilterBackend]] = []
    government: Government
    membership: Membership

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        government, membership = resolve_tenant(request)
        if government is None or membership is None:
            raise exceptions.PermissionDenied(_("You are not a member of any government."))
        self.government, self.membership = government, membership
        if getattr(request.auth, "read_only", False) and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only."))

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with channel(Channel.API):
            return super().dispatch(request, *args, **kwargs)

    @property
    def acting_user(self) -> User:
        return cast(User, self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="My reminders",
        description=(
            "What you are reminded of in this government, as in your inbox: the kinds of "
            "your preferences, grouped by kind in their order, soonest due first within each."
        ),
        parameters=REMINDER_FILTERS,
    )
)
class ReminderViewSet(OwnViewSet):
    """The person's reminders, computed from the register at each request (read-only)."""

    serializer_class = ReminderSerializer

    def list(self, request: Request) -> Response:
        preference = services.preference_for(self.membership)
        filters = ReminderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        scope = filters.validated_data.get("scope") or preference.scope
        kind = filters.validated_data.get("kind")
        kinds = [k for k in preference.kinds if not kind or k == kind]
        collected = collect(self.membership, kinds=kinds, scope=scope)
        rows = [reminder for group in collected.groups for reminder in group.reminders]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="My notifications", description="Newest first."),
    retrieve=extend_schema(summary="One of my notifications"),
)
class NotificationViewSet(TenantReadOnlyViewSet):
    """The workflow events you were told of in this government (your inbox): yours only;
    another person's notification is a 404."""

    model = Notification
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    queryset = Notification.objects.none()

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return Notification.objects.none()
        return (
            Notification.objects.for_member(self.membership)
            .select_related("actor", "content_type")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(
        summary="Mark one of my notifications read",
        description="Changes nothing but your own inbox (not audited, like on the web).",
        request=None,
        responses={200: NotificationSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        services.mark_notifications_read(
            self.government, acting_user=self.acting_user, pk=notification.pk
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=notification.pk)).data)

    @extend_schema(
        summary="Mark all my notifications read",
        request=None,
        responses={200: MarkedReadSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        marked = services.mark_notifications_read(self.government, acting_user=self.acting_user)
        return Response({"marked": marked})


class ReminderPreferenceViewSet(OwnViewSet):
    """Your reminder preferences in this government (``…/mine/``). Everyone sets their own;
    nobody else's can be read or changed."""

    serializer_class = ReminderPreferenceSerializer

    @extend_schema(
        methods=["GET"],
        summary="My reminder preferences",
        description=(
            "Until you choose, the defaults of your role (`stored` is false): every kind; "
            "administrators and coordinators all the government's work with the daily digest, "
            "editors and viewers their departments' work in the inbox only."
        ),
        responses={200: ReminderPreferenceSerializer},
    )
    @extend_schema(
        methods=["PUT", "PATCH"],
        summary="Set my reminder preferences",
        description=(
            "PUT sets them all; PATCH the ones given (the rest as they are). "
            "`notification_email`, when given, replaces your choices for notifications. Send "
            "`If-Match` with the ETag you read to be refused (412) if they changed meanwhile."
        ),
        request=ReminderPreferenceSerializer,
        parameters=[IF_MATCH],
        responses={200: ReminderPreferenceSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=False, methods=["get", "put", "patch"])
    def mine(self, request: Request) -> Response:
        preference = services.preference_for(self.membership)
        if request.method in ("PUT", "PATCH"):
            if concurrency.if_match_refused(preference, request.headers.get("If-Match")):
                raise PreconditionFailed()
            form = self.get_serializer(
                preference, data=request.data, partial=request.method == "PATCH"
            )
            form.is_valid(raise_exception=True)
            values: dict[str, Any] = {
                "kinds": preference.kinds,
                "scope": preference.scope,
                "email_digest": preference.email_digest,
                "notification_email": None,
                **form.validated_data,
            }
            preference = services.set_reminder_preferences(
                self.government, acting_user=self.acting_user, user=self.acting_user, **values
            )
            forget_reminder_count(self.acting_user.pk, self.government.pk)
        response = Response(self.get_serializer(preference).data)
        response["ETag"] = etag_for(preference)
        return response
