from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkScope(models.TextChoices):
    GLOBAL = "global", _("global")
    REGIONAL = "regional", _("regional (several countries)")
    NATIONAL = "national", _("national")
    THEMATIC = "thematic", _("thematic")


class MembershipStatus(models.TextChoices):
    APPLYING = "applying", _("applying")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class PositionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for endorsement")
    CLOSED = "closed", _("closed")
