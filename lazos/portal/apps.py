from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lazos.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from lazos.core.models import AuditEvent
        from lazos.portal.cache import on_audit_event

        post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="lazos-portal-version")
