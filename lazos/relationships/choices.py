from django.db import models
from django.utils.translation import gettext_lazy as _


class Band(models.TextChoices):
    """Where a relationship stands, from its health score and its recent activity."""

    HEALTHY = "healthy", _("healthy")
    AT_RISK = "at_risk", _("at risk")
    DORMANT = "dormant", _("dormant")


class ReviewDecision(models.TextChoices):
    KEEP = "keep", _("keep as it is")
    RENEW = "renew", _("renew")
    REVITALISE = "revitalise", _("revitalise")
    END = "end", _("end")


class RelationshipKind(models.TextChoices):
    AGREEMENT = "agreement", _("agreement")
    PARTNER = "partner", _("partner")
