from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "lazos.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # Every recorded change (the audit trail's post_save, also sent once per government
        # for changes recorded in bulk) and every workflow event (``core/events.py``) may be
        # delivered to the government's subscriptions, after the change commits. The core
        # knows nothing of webhooks: it offers the signal and the listeners.
        from django.db.models.signals import post_save

        from lazos.core import events
        from lazos.core.models import AuditEvent
        from lazos.webhooks.dispatch import on_audit_event, on_workflow_event

        post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="lazos-webhooks-audit")
        events.listen(on_workflow_event)
