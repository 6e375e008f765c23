"""Pages of the experts' community, shared by every government of the instance.

Who may come in: a signed-in person who belongs to at least one government (anonymous → sign
in; no membership → 403, on every page, before any object is looked up). Instance
administrators may also read and moderate without a membership; writing (asking, answering,
a profile) always needs one, because a post belongs to the government its author writes for.

Every queryset starts from a sharing method (``visible_to``, ``published``): an object the
person may not see is a 404, exactly like a missing one.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.base import ContextMixin
from django_filters.views import FilterView

from lazos.accounts.models import User
from lazos.community import services
from lazos.community.access import Reader, reader_from_request
from lazos.community.badge import unread_count
from lazos.community.choices import QuestionStatus
from lazos.community.filtersets import ExpertFilterSet, QuestionFilterSet
from lazos.community.forms import AnswerForm, ProfileForm, QuestionForm
from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.community.querysets import AnswerQuerySet, QuestionQuerySet
from lazos.core.views import ServiceFormMixin, VersionCheckedMixin
from lazos.governments.models import Government, Membership


class CommunityMixin(LoginRequiredMixin, ContextMixin):
    """Let in members of any government (and instance administrators, for reading and
    moderating). ``requires_membership`` pages write as the current government."""

    requires_membership = False
    community_tab = "questions"
    request: HttpRequest
    kwargs: dict[str, Any]
    #: The government the person works in now and their membership there (None for an
    #: instance administrator without one).
    government: Government | None
    membership: Membership | None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.reader: Reader = reader_from_request(request)
        self.government = request.government  # type: ignore[attr-defined]
        self.membership = request.membership  # type: ignore[attr-defined]
        if self.membership is None and (
            self.requires_membership or not self.reader.is_instance_moderator
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def acting_user(self) -> User:
        return cast(User, self.request.user)

    def ensure_can_write(self) -> Government:
        """The government the person writes for; 403 without a membership."""
        if self.membership is None or self.government is None:
            raise PermissionDenied
        return self.government

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            reader=self.reader,
            can_write=self.membership is not None,
            community_tab=self.community_tab,
        )
        return context


def _questions(reader: Reader) -> QuestionQuerySet:
    return Question.objects.visible_to(reader).select_related("author", "government")


def _answers(reader: Reader) -> AnswerQuerySet:
    return Answer.objects.visible_to(reader).select_related(
        "author", "government", "question", "question__government"
    )


class CommunityFormView(CommunityMixin, ServiceFormMixin, VersionCheckedMixin):
    """A form handed to the declared service (see :class:`ServiceFormMixin`), called on the
    question or answer of the URL (:meth:`get_target`), else on the current government; a
    ValidationError goes on the form."""

    requires_membership = True
    success_message: Any = _("Saved.")
    object: Any = None

    def get_target(self) -> Any:
        """The question or answer the view edits; None when it writes as the government."""
        return None

    def get_service_target(self) -> Any:
        target = self.get_target()
        return self.ensure_can_write() if target is None else target

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())


def _add_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Questions --------------------------------------------------------------------------------


class QuestionListView(CommunityMixin, FilterView):
    """Threads of every government, most recent activity first."""

    model = Question
    filterset_class = QuestionFilterSet
    template_name = "community/question_list.html"
    paginate_by = 25

    def get_queryset(self) -> QuerySet[Question]:
        return _questions(self.reader).with_answer_count().prefetch_related("themes").by_activity()

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(filterset_class)
        kwargs["reader"] = self.reader
        return kwargs


class QuestionCreateView(CommunityFormView):
    form_class = QuestionForm
    template_name = "community/question_form.html"
    success_message = _("Your question is published to the community.")
    service = staticmethod(services.ask_question)


class QuestionDetailView(CommunityMixin, DetailView[Question]):
    """The thread: the question, its answers, the answer form; POST answers."""

    model = Question
    template_name = "community/question_detail.html"
    context_object_name = "question"

    def get_queryset(self) -> QuerySet[Question]:
        return _questions(self.reader).select_related("hidden_by").prefetch_related("themes")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        question: Question = self.object
        reader = self.reader
        answers = list(
            Answer.objects.visible_to(reader)
            .filter(question=question)
            .select_related("author", "government", "hidden_by")
        )
        is_asker = question.author_id == reader.user_id
        may_moderate = reader.may_moderate(question.government_id)
        takes_answers = not question.is_hidden and question.status != QuestionStatus.CLOSED
        context.update(
            answers=answers,
            # The ids of the answers the reader may edit (their own, while shown) and moderate.
            editable_answer_ids={
                answer.pk
                for answer in answers
                if answer.author_id == reader.user_id
                and not answer.is_hidden
                and not question.is_hidden
            },
            moderated_answer_ids={
                answer.pk for answer in answers if reader.may_moderate(answer.government_id)
            },
            is_asker=is_asker,
            can_edit=is_asker and not question.is_hidden,
            can_moderate=may_moderate,
            can_close=is_asker or may_moderate,
            can_answer=takes_answers and self.membership is not None,
            takes_answers=takes_answers,
            answer_form=kwargs.get("answer_form") or AnswerForm(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        government = self.ensure_can_write()
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                answer = services.answer_question(
                    government,
                    self.object,
                    acting_user=self.acting_user,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your answer is published."))
                return HttpResponseRedirect(f"{self.object.get_absolute_url()}#answer-{answer.pk}")
        return self.render_to_response(self.get_context_data(answer_form=form))


class QuestionUpdateView(CommunityFormView):
    """The author edits their question (not once a moderator hid it)."""

    model = Question
    form_class = QuestionForm
    template_name = "community/question_form.html"
    success_message = _("Your question is updated.")
    requires_membership = False
    service = staticmethod(services.edit_question)

    def get_target(self) -> Question:
        if not hasattr(self, "_target"):
            question = get_object_or_404(_questions(self.reader), pk=self.kwargs["pk"])
            if question.author_id != self.reader.user_id or question.is_hidden:
                raise PermissionDenied
            self._target = question
        return self._target

    def get_initial(self) -> dict[str, Any]:
        question = self.get_target()
        return {
            "title": question.title,
            "body": question.body,
            "language": question.language,
            "themes": list(question.themes.all()),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_target()
        return context


class QuestionActionView(CommunityMixin, View):
    """POST: hide or restore (moderators), close or reopen (asker or moderators)."""

    model = Question
    operation = ""

    def get_target(self) -> Question:
        return get_object_or_404(_questions(self.reader), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_target()  # an unseen question is a 404 like a missing one, whatever the method
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        question = self.get_target()
        is_asker = question.author_id == self.reader.user_id
        may_moderate = self.reader.may_moderate(question.government_id)
        if self.operation in {"hide", "restore"} and not may_moderate:
            raise PermissionDenied
        if self.operation in {"close", "reopen"} and not (is_asker or may_moderate):
            raise PermissionDenied
        try:
            if self.operation == "hide":
                services.hide_question(
                    question, acting_user=self.acting_user, reason=request.POST.get("reason", "")
                )
                done = _("The question is hidden.")
            elif self.operation == "restore":
                services.restore_question(question, acting_user=self.acting_user)
                done = _("The question is visible again.")
            elif self.operation == "close":
                services.close_question(question, acting_user=self.acting_user)
                done = _("The question is closed.")
            else:
                services.reopen_question(question, acting_user=self.acting_user)
                done = _("The question is open again.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(_next_url(request, question.get_absolute_url()))


def _next_url(request: HttpRequest, default: str) -> str:
    """Back to the moderation queue when the form came from there, else ``default``."""
    if request.POST.get("next") == "moderation":
        return reverse("community:moderation")
    return default


# --- Answers ----------------------------------------------------------------------------------


class AnswerTargetMixin(CommunityMixin):
    model = Answer

    def get_answer(self) -> Answer:
        if not hasattr(self, "_answer"):
            self._answer = get_object_or_404(_answers(self.reader), pk=self.kwargs["pk"])
        return self._answer

    def thread_url(self, answer: Answer) -> str:
        return f"{answer.question.get_absolute_url()}#answer-{answer.pk}"


class AnswerUpdateView(AnswerTargetMixin, CommunityFormView):
    form_class = AnswerForm
    template_name = "community/answer_form.html"
    success_message = _("Your answer is updated.")
    requires_membership = False
    service = staticmethod(services.edit_answer)
    service_fields = ("body",)

    def get_target(self) -> Answer:
        answer = self.get_answer()
        if answer.author_id != self.reader.user_id or answer.is_hidden or answer.question.is_hidden:
            raise PermissionDenied
        return answer

    def get_initial(self) -> dict[str, Any]:
        return {"body": self.get_target().body}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["answer"] = self.get_target()
        return context

    def get_success_url(self) -> str:
        return self.thread_url(self.object)


class AnswerActionView(AnswerTargetMixin, View):
    """POST: mark helpful / not helpful (the asker), hide or restore (moderators)."""

    operation = ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_answer()
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        answer = self.get_answer()
        if self.operation in {"helpful", "unhelpful"}:
            if answer.question.author_id != self.reader.user_id:
                raise PermissionDenied
        elif not self.reader.may_moderate(answer.government_id):
            raise PermissionDenied
        try:
            if self.operation == "helpful":
                services.mark_helpful(answer, acting_user=self.acting_user, helpful=True)
                done = _("Marked as helpful.")
            elif self.operation == "unhelpful":
                services.mark_helpful(answer, acting_user=self.acting_user, helpful=False)
                done = _("No longer marked as helpful.")
            elif self.operation == "hide":
                services.hide_answer(
                    answer, acting_user=self.acting_user, reason=request.POST.get("reason", "")
                )
                done = _("The answer is hidden.")
            else:
                services.restore_answer(answer, acting_user=self.acting_user)
                done = _("The answer is visible again.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(_next_url(request, self.thread_url(answer)))


# --- Experts ----------------------------------------------------------------------------------


class ExpertListView(CommunityMixin, FilterView):
    """Published profiles of every government."""

    community_tab = "experts"
    model = ExpertProfile
    filterset_class = ExpertFilterSet
    template_name = "community/expert_list.html"
    paginate_by = 30

    def get_queryset(self) -> QuerySet[ExpertProfile]:
        return (
            ExpertProfile.objects.published()
            .select_related("user", "government")
            .prefetch_related("themes")
            .order_by("user__last_name", "user__first_name", "pk")
        )

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(filterset_class)
        kwargs["reader"] = self.reader
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["my_profile"] = self.my_profile()
        return context

    def my_profile(self) -> ExpertProfile | None:
        if self.government is None:
            return None
        return (
            ExpertProfile.objects.for_tenant(self.government).filter(user=self.acting_user).first()
        )


class ExpertDetailView(CommunityMixin, DetailView[ExpertProfile]):
    """A published profile (an unpublished one only for its owner), with what they wrote."""

    community_tab = "experts"
    model = ExpertProfile
    template_name = "community/expert_detail.html"
    context_object_name = "profile"

    def get_queryset(self) -> QuerySet[ExpertProfile]:
        return (
            ExpertProfile.objects.visible_to(self.reader)
            .select_related("user", "government")
            .prefetch_related("themes")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person_id = self.object.user_id
        context.update(
            questions=list(_questions(self.reader).filter(author_id=person_id).by_activity()[:5]),
            answers=list(
                _answers(self.reader).filter(author_id=person_id).order_by("-created_at")[:5]
            ),
            is_mine=person_id == self.reader.user_id,
        )
        return context


class MyProfileView(CommunityFormView):
    """My profile for the government I work in now: create it, change it, show or withdraw."""

    community_tab = "profile"
    form_class = ProfileForm
    template_name = "community/profile_form.html"
    success_message = _("Your profile is saved.")

    def get_profile(self) -> ExpertProfile | None:
        if not hasattr(self, "_profile"):
            self._profile = (
                ExpertProfile.objects.for_tenant(self.ensure_can_write())
                .filter(user=self.acting_user)
                .prefetch_related("themes")
                .first()
            )
        return self._profile

    def get_initial(self) -> dict[str, Any]:
        profile = self.get_profile()
        if profile is None:
            return {"is_published": True}
        return {
            "headline": profile.headline,
            "expertise": profile.expertise,
            "languages": profile.languages,
            "themes": list(profile.themes.all()),
            "is_published": profile.is_published,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            profile=self.get_profile(),
            other_profiles=list(
                ExpertProfile.objects.filter(user=self.acting_user)
                .exclude(government=self.government)
                .select_related("government")
            ),
        )
        return context

    def perform(self, form: ProfileForm) -> ExpertProfile:
        # Two services: publish my first profile here, or update the one I have.
        profile = self.get_profile()
        if profile is None:
            return services.publish_profile(
                self.ensure_can_write(), acting_user=self.acting_user, **form.cleaned_data
            )
        return services.update_profile(profile, acting_user=self.acting_user, **form.cleaned_data)


# --- Notifications ----------------------------------------------------------------------------


class NotificationListView(CommunityMixin, ListView[Notification]):
    community_tab = "notifications"
    model = Notification
    template_name = "community/notification_list.html"
    paginate_by = 30
    context_object_name = "notifications"

    def get_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.for_reader(self.reader).select_related(
            "question",
            "question__government",
            "answer",
            "answer__author",
            "answer__government",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["unread_count"] = unread_count(self.reader)
        return context


class NotificationReadView(CommunityMixin, View):
    """POST: mark one of my notifications read; ``next=thread`` then opens its thread."""

    model = Notification

    def get_target(self) -> Notification:
        return get_object_or_404(
            Notification.objects.for_reader(self.reader).select_related("question"),
            pk=self.kwargs["pk"],
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_target()
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        notification = self.get_target()
        services.mark_notifications_read(acting_user=self.acting_user, ids=[notification.pk])
        if request.POST.get("next") == "thread":
            anchor = f"#answer-{notification.answer_id}" if notification.answer_id else ""
            return HttpResponseRedirect(notification.question.get_absolute_url() + anchor)
        return HttpResponseRedirect(reverse("community:notification-list"))


class NotificationReadAllView(CommunityMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        count = services.mark_notifications_read(acting_user=self.acting_user)
        if count:
            messages.success(request, _("All your notifications are marked as read."))
        return HttpResponseRedirect(reverse("community:notification-list"))


class NotificationBadgeView(CommunityMixin, TemplateView):
    """The header badge, fetched by htmx after the page has loaded (no page pays for it)."""

    template_name = "community/includes/badge.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["count"] = unread_count(self.reader)
        return context


# --- Moderation -------------------------------------------------------------------------------


class ModerationQueueView(CommunityMixin, TemplateView):
    """What a moderator may act on: hidden posts, and the latest posts.

    Instance administrators see every government's; a government's administrators see what
    was written from their government.
    """

    community_tab = "moderation"
    template_name = "community/moderation.html"
    limit = 50

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.reader.is_moderator:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        questions = Question.objects.moderated_by(self.reader).select_related(
            "author", "government", "hidden_by"
        )
        answers = Answer.objects.moderated_by(self.reader).select_related(
            "author", "government", "hidden_by", "question"
        )
        context.update(
            hidden_questions=list(
                questions.filter(is_hidden=True).order_by("-updated_at")[: self.limit]
            ),
            hidden_answers=list(
                answers.filter(is_hidden=True).order_by("-updated_at")[: self.limit]
            ),
            recent_questions=list(
                questions.filter(is_hidden=False).order_by("-created_at", "-pk")[: self.limit]
            ),
            recent_answers=list(
                answers.filter(is_hidden=False).order_by("-created_at", "-pk")[: self.limit]
            ),
        )
        return context
