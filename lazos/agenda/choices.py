from django.db import models
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import Modality
from lazos.agreements.choices import AgreementStatus


class EntryKind(models.TextChoices):
    """What a calendar entry is."""

    ACTION = "action", _("mission, delegation or event")
    COMMITMENT = "commitment", _("commitment due")
    AGREEMENT = "agreement", _("agreement expiry")


# Actions shown on the calendar, on their dates.
CALENDAR_MODALITIES = frozenset({Modality.MISSION, Modality.DELEGATION, Modality.EVENT})
# Agreements whose end of validity is shown.
EXPIRING_STATUSES = frozenset({AgreementStatus.IN_FORCE, AgreementStatus.SIGNED})
