from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Audience(models.TextChoices):
    PUBLIC = "public", _("anyone")
    INVITED = "invited", _("invited local actors")


class ContributionStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("awaiting email confirmation")
    PENDING = "pending", _("awaiting moderation")
    APPROVED = "approved", _("published")
    REJECTED = "rejected", _("rejected")
