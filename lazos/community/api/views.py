"""/api/v1/questions/ (with …/answer/, …/close/, …/reopen/, …/hide/, …/restore/),
/api/v1/answers/ (with …/helpful/, …/not-helpful/, …/hide/, …/restore/) and
/api/v1/expert-profiles/ (with …/mine/).

The community is shared by every government of the instance: what a person reads comes only
from the sharing methods (``visible_to(reader)``, ``published()``), as on its pages, and any
member of a government writes in it, whatever their role, for the government of their token
(the role policies of the register do not apply; the services check who is the author and who
moderates, with the web's messages).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.api.base import SAFE_METHODS, TenantGenericViewSet
from lazos.api.register import IF_MATCH, PRECONDITION_FAILED
from lazos.api.schema import ErrorSerializer
from lazos.community import services
from lazos.community.access import Reader, reader_for
from lazos.community.api.serializers import (
    AnswerBodySerializer,
    AnswerSerializer,
    CommunityNotificationSerializer,
    ExpertProfileSerializer,
    HideSerializer,
    QuestionDetailSerializer,
    QuestionSerializer,
    ReadCountSerializer,
)
from lazos.community.filtersets import ExpertFilterSet, QuestionFilterSet
from lazos.community.forms import AnswerForm
from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.networks.api.shared import SharedMixin

# The spoken languages' choices are computed per request (named in the reader's language):
# the schema documents the filter as the language code it takes.
set_override(ExpertFilterSet.base_filters["language"], "field", OpenApiTypes.STR)


class CommunityViewSet(SharedMixin):
    """Members of any government read and write; the reader decides what is seen."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Authentication and rate limits as everywhere, the government of the token, the
        # read-only token; not the register's role policies (see the module's docstring).
        super(TenantGenericViewSet, self).initial(request, *args, **kwargs)
        self.set_tenant(request)
        if getattr(request.auth, "read_only", False) and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only."))

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        super(TenantGenericViewSet, self).check_object_permissions(request, obj)

    @property
    def reader(self) -> Reader:
        if not hasattr(self, "_reader"):
            self._reader = reader_for(self.request.user)
        return self._reader

    def filterset_kwargs(self) -> dict[str, Any]:
        return {"reader": self.reader}

    def changed(self, instance: Any) -> Response:
        """The object as the detail shows it, with its new ETag."""
        return self.etagged(self.reload(instance))

    def if_match(self, instance: Any) -> None:
        self.check_if_match(instance)

    def may_moderate(self, row: Question | Answer) -> None:
        if not self.reader.may_moderate(row.government_id):
            raise exceptions.PermissionDenied(
                _("Only an administrator of its government or of the site may moderate this.")
            )

    def act_on(
        self,
        may: Callable[[Any], None],
        act: Callable[..., Any],
        values: Callable[[], dict[str, Any]] = dict,
    ) -> Response:
        """Does ``act`` (a service) on the object of the URL once ``may`` allowed it and its
        ``If-Match`` matched (only then are the request's ``values`` read), and answers with
        the object as it became."""
        row = self.get_object()
        may(row)
        self.if_match(row)
        act(row, acting_user=self.acting_user, **values())
        return self.changed(row)

    def hide_values(self) -> dict[str, Any]:
        return {"reason": str(self.request.data.get("reason") or "")}


class QuestionViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    CommunityViewSet,
):
    """Questions of every government, most recent activity first (hidden ones only to their
    author and moderators). Any member asks one for the government of their token; its author
    edits it; answers are posted with ``POST …/answer/``. The asker or a moderator closes and
    reopens it; a moderator (an administrator of its government) hides and restores it."""

    model = Question
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    shared_actions = frozenset(
        {
            "list",
            "retrieve",
            "update",
            "partial_update",
            "answer",
            "close",
            "reopen",
            "hide",
            "restore",
        }
    )

    def get_serializer_class(self) -> Any:
        return QuestionSerializer if self.action == "list" else QuestionDetailSerializer

    def shared(self) -> Any:
        return Question.objects.visible_to(self.reader)

    def scoped(self, queryset: Any) -> Any:
        queryset = (
            queryset.select_related("author", "government")
            .prefetch_related("themes")
            .with_answer_count()
            .by_activity()
        )
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.visible_to(self.reader)
                    .select_related("author", "government")
                    .order_by("created_at", "pk"),
                    to_attr="visible_answers",
                )
            )
        return queryset

    def perform_create(self, serializer: Any) -> None:
        values = dict(serializer.validated_data)
        question = services.ask_question(self.government, acting_user=self.acting_user, **values)
        serializer.instance = self.reload(question)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        question = self.get_object()
        self.if_match(question)
        serializer = self.get_serializer(
            question, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        services.edit_question(
            question,
            acting_user=self.acting_user,
            title=values.get("title", question.title),
            body=values.get("body", question.body),
            language=values.get("language", question.language),
            themes=values.get("themes", list(question.themes.all())),
        )
        return self.changed(question)

    @extend_schema(
        summary="Answer a question",
        description=(
            "Posts your answer, written for the government of your token. The asker is "
            "notified. Refused (400, the web's message) when the question is closed or "
            "hidden."
        ),
        request=AnswerBodySerializer,
        responses={201: AnswerSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        question = self.get_object()
        form = AnswerForm(request.data)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        answer = services.answer_question(
            self.government, question, acting_user=self.acting_user, body=form.cleaned_data["body"]
        )
        shown = Answer.objects.select_related("author", "government").get(pk=answer.pk)
        return Response(AnswerSerializer(shown).data, status=status.HTTP_201_CREATED)

    def may_close(self, question: Question) -> None:
        if question.author_id != self.reader.user_id and not self.reader.may_moderate(
            question.government_id
        ):
            raise exceptions.PermissionDenied(
                _("Only its author or a moderator may close or reopen it.")
            )

    @extend_schema(
        summary="Close a question",
        description="No more answers: by the asker or a moderator of the question.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: QuestionDetailSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on(self.may_close, services.close_question)

    @extend_schema(
        summary="Reopen a question",
        description="Takes answers again: by the asker or a moderator of the question.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: QuestionDetailSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on(self.may_close, services.reopen_question)

    @extend_schema(
        summary="Hide a question",
        description=(
            "Moderation: hides the question (and so its thread) from everyone but moderators "
            "and its author, who sees the reason. Administrators of its government, or of the "
            "site, moderate."
        ),
        request=HideSerializer,
        parameters=[IF_MATCH],
        responses={200: QuestionDetailSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on(self.may_moderate, services.hide_question, self.hide_values)

    @extend_schema(
        summary="Restore a hidden question",
        description="Moderation: shows a hidden question to everyone again.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: QuestionDetailSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on(self.may_moderate, services.restore_question)


class AnswerViewSet(
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    CommunityViewSet,
):
    """Answers of every government, newest first (hidden ones only to their author and
    moderators); they are posted with ``POST /api/v1/questions/{id}/answer/``. Its author
    edits an answer's ``body``; the asker marks it helpful or not; moderators hide and restore
    it."""

    model = Answer
    serializer_class = AnswerSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    shared_actions = frozenset(
        {
            "list",
            "retrieve",
            "update",
            "partial_update",
            "helpful",
            "not_helpful",
            "hide",
            "restore",
        }
    )

    def shared(self) -> Any:
        return Answer.objects.visible_to(self.reader)

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("author", "government", "question").order_by(
            "-created_at", "-pk"
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        answer = self.get_object()
        self.if_match(answer)
        serializer = self.get_serializer(
            answer, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data.get("body", answer.body)
        services.edit_answer(answer, acting_user=self.acting_user, body=body)
        return self.changed(answer)

    def may_mark(self, answer: Answer) -> None:
        if answer.question.author_id != self.reader.user_id:
            raise exceptions.PermissionDenied(_("Only its author may change this."))

    def mark(self, helpful: bool) -> Response:
        return self.act_on(self.may_mark, services.mark_helpful, lambda: {"helpful": helpful})

    @extend_schema(
        summary="Mark an answer helpful",
        description=(
            "The asker marks an answer to their question as helpful: the question becomes "
            "“answered” (a closed question stays closed)."
        ),
        request=None,
        parameters=[IF_MATCH],
        responses={200: AnswerSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def helpful(self, request: Request, pk: str | None = None) -> Response:
        return self.mark(helpful=True)

    @extend_schema(
        summary="Unmark a helpful answer",
        description="The asker takes back their “helpful” mark.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: AnswerSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"], url_path="not-helpful")
    def not_helpful(self, request: Request, pk: str | None = None) -> Response:
        return self.mark(helpful=False)

    @extend_schema(
        summary="Hide an answer",
        description=(
            "Moderation: hides the answer from everyone but moderators and its author, who "
            "sees the reason."
        ),
        request=HideSerializer,
        parameters=[IF_MATCH],
        responses={200: AnswerSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on(self.may_moderate, services.hide_answer, self.hide_values)

    @extend_schema(
        summary="Restore a hidden answer",
        description="Moderation: shows a hidden answer to everyone again.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: AnswerSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on(self.may_moderate, services.restore_answer)


class ExpertProfileViewSet(mixins.ListModelMixin, CommunityViewSet):
    """The experts' directory: the profiles people chose to show, of every government (your
    own profile also when you do not show it). ``GET …/mine/`` reads your profile for the
    government of your token and ``PUT …/mine/`` writes it."""

    model = ExpertProfile
    serializer_class = ExpertProfileSerializer
    filterset_class = ExpertFilterSet
    shared_actions = frozenset({"list", "retrieve"})

    def shared(self) -> Any:
        if self.action == "list":
            return ExpertProfile.objects.published()
        return ExpertProfile.objects.visible_to(self.reader)

    def scoped(self, queryset: Any) -> Any:
        return (
            queryset.select_related("user", "government")
            .prefetch_related("themes")
            .order_by("user__last_name", "user__first_name", "pk")
        )

    def own_profile(self) -> ExpertProfile | None:
        profile: ExpertProfile | None = (
            self.scoped(ExpertProfile.objects.for_tenant(self.government))
            .filter(user=self.acting_user)
            .first()
        )
        return profile

    @extend_schema(
        methods=["GET"],
        summary="Your profile",
        description="Your profile for the government of your token (404 when you have none).",
        responses={
            200: ExpertProfileSerializer,
            404: OpenApiResponse(ErrorSerializer, description=_("You have no profile yet.")),
        },
    )
    @extend_schema(
        methods=["PUT"],
        summary="Write your profile",
        description=(
            "Creates or changes your profile for the government of your token. "
            "`is_published: false` withdraws it from the directory."
        ),
        request=ExpertProfileSerializer,
        parameters=[IF_MATCH],
        responses={200: ExpertProfileSerializer, 412: PRECONDITION_FAILED},
    )
    @action(detail=False, methods=["get", "put"])
    def mine(self, request: Request) -> Response:
        profile = self.own_profile()
        if request.method == "GET":
            if profile is None:
                raise exceptions.NotFound()
            return self.etagged(profile)
        serializer = self.get_serializer(profile, data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        fields = {
            "headline": values["headline"],
            "expertise": values.get("expertise", ""),
            "languages": values.get("languages", []),
            "themes": values.get("themes", []),
            "is_published": values.get("is_published", True),
        }
        if profile is None:
            saved = services.publish_profile(
                self.government, acting_user=self.acting_user, **fields
            )
        else:
            self.if_match(profile)
            saved = services.update_profile(profile, acting_user=self.acting_user, **fields)
        reloaded = self.own_profile()
        return self.etagged(reloaded if reloaded is not None else saved)

    def reload(self, obj: Any) -> Any:
        return self.scoped(ExpertProfile.objects.all()).get(pk=obj.pk)


class CommunityNotificationViewSet(mixins.ListModelMixin, CommunityViewSet):
    """**Your** notifications of the community (another person's is a 404), newest first:
    ``POST …/read/`` marks one read, ``POST …/read-all/`` all of them."""

    model = Notification
    serializer_class = CommunityNotificationSerializer
    shared_actions = frozenset({"list", "retrieve", "read", "read_all"})

    def shared(self) -> Any:
        return Notification.objects.for_reader(self.reader)

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("question").order_by("-created_at", "-pk")

    @extend_schema(
        summary="Mark a notification read",
        request=None,
        responses={200: CommunityNotificationSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        services.mark_notifications_read(acting_user=self.acting_user, ids=[notification.pk])
        return self.changed(notification)

    @extend_schema(
        summary="Mark all your notifications read",
        request=None,
        responses={200: ReadCountSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        marked = services.mark_notifications_read(acting_user=self.acting_user)
        return Response({"marked": marked})
