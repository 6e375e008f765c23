from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class NotificationKind(models.TextChoices):
    ANSWER = "answer", _("new answer to your question")
    REPLY_ON_FOLLOWED = "followed", _("new answer in a thread you take part in")
