from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("previewed")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    APPLIED = "applied", _("applied")
    FAILED = "failed", _("failed")
