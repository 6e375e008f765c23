from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    """What a reminder is about, in the order the inbox and the digest show them."""

    AGREEMENT_EXPIRY = "agreement_expiry", _("Agreements inside their notice period")
    OVERDUE_COMMITMENT = "overdue_commitment", _("Overdue commitments")
    INDICATOR_UPDATE_DUE = "indicator_update_due", _("Indicator updates due")
    REGISTRATION_PENDING = "registration_pending", _("National registrations pending")
    OVERDUE_RECOMMENDATION = "overdue_recommendation", _("Overdue evaluation recommendations")


class ReminderScope(models.TextChoices):
    """Whose work a member is reminded of."""

    ALL = "all", _("All the government's work")
    MINE = "mine", _("My departments' work and what I am responsible for")
