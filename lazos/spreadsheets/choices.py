from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PARTNERS = "partners", _("partners")
    AGREEMENTS = "agreements", _("agreements")
    ACTIONS = "actions", _("actions")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("previewed")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    APPLIED = "applied", _("applied")
    FAILED = "failed", _("failed")


# Statuses in which the import is still moving (the progress partial keeps polling).
ACTIVE_STATUSES = frozenset({ImportStatus.QUEUED, ImportStatus.RUNNING})
