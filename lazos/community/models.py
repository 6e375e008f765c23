"""The experts' community of the instance.

Staff who opt in publish a profile; questions and answers are readable by every signed-in
member of any government on the instance (a person without a membership sees nothing).
Each row is owned by the government its author wrote from, so the audit trail and moderation
know whose it is. Administrators moderate by hiding, never by deleting.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.community.choices import NotificationKind, QuestionStatus, language_name
from lazos.community.querysets import (
    AnswerManager,
    ExpertProfileManager,
    NotificationManager,
    QuestionManager,
)
from lazos.core.models import TenantModel


class ExpertProfile(TenantModel):
    """A member of staff's public profile in the community (opt-in)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_profiles",
        verbose_name=_("person"),
    )
    headline = models.CharField(
        _("headline"), max_length=200, help_text=_("e.g. “Solid-waste engineer, 12 years”.")
    )
    expertise = models.TextField(_("expertise"), blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("Language codes, e.g. “es”.")
    )
    themes = models.ManyToManyField(
        "reference.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    is_published = models.BooleanField(
        _("show my profile"),
        default=False,
        help_text=_("Signed-in members of every government on this site can see it."),
    )

    objects: ClassVar[ExpertProfileManager[ExpertProfile]] = ExpertProfileManager()

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "user"],
                name="expert_profile_unique",
                violation_error_message=_("You already have a profile for this government."),
            )
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("community:expert-detail", args=[self.pk])

    def language_names(self) -> list[str]:
        """The spoken languages, named in the interface language."""
        return [language_name(code) for code in self.languages or []]


class Question(TenantModel):
    """A question put to the community; ``government`` is the asker's."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    title = models.CharField(_("question"), max_length=300)
    body = models.TextField(_("details"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    themes = models.ManyToManyField(
        "reference.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    objects: ClassVar[QuestionManager[Question]] = QuestionManager()
    # Bookkeeping moved by every answer; the answer's own audit event says it all.
    audit_exclude = ("last_activity_at",)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-last_activity_at", "-created_at"]
        indexes = [
            models.Index(fields=["is_hidden", "-last_activity_at"], name="question_recent"),
            models.Index(fields=["government", "-created_at"], name="question_gov"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:question-detail", args=[self.pk])


class Answer(TenantModel):
    """An answer in a thread; ``government`` is the answerer's."""

    # Crosses governments on purpose (the question may be another government's): core/tenancy.py.
    cross_government_fields = ("question",)

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    body = models.TextField(_("answer"))
    is_accepted = models.BooleanField(_("marked helpful by the asker"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    objects: ClassVar[AnswerManager[Answer]] = AnswerManager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"], name="answer_thread")]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{reverse('community:question-detail', args=[self.question_id])}#answer-{self.pk}"


class Notification(TenantModel):
    """Something in the community for one person to read (shown in the app, also emailed).

    ``government`` is the recipient's government in the thread (the asker's for an answer).
    """

    # Crosses governments on purpose (the thread spans governments): core/tenancy.py.
    cross_government_fields = ("question", "answer")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_notifications",
        verbose_name=_("for"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answer"),
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects: ClassVar[NotificationManager[Notification]] = NotificationManager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.question_id}"
