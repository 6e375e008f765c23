from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class TransferKind(models.TextChoices):
    INTERESTED = "interested", _("interested")
    ADAPTED = "adapted", _("we adapted this")
