from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SUCCEEDED = "succeeded", _("delivered")
    FAILED = "failed", _("failed")


class EventFamily(models.TextChoices):
    """Where an event comes from: the audit trail or a workflow (``core/events.py``)."""

    AUDIT = "audit", _("recorded change")
    WORKFLOW = "workflow", _("workflow event")
