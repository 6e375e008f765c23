from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    HANDOVER = "handover", _("handover dossier")
    ANNUAL = "annual", _("annual report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


# A report in one of these statuses is still being produced (its page polls for progress).
ACTIVE_STATUSES = frozenset({ReportStatus.QUEUED, ReportStatus.RUNNING})
