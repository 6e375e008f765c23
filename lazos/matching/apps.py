from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "lazos.matching"
    label = "matching"
    verbose_name = _("Peer matching")

    def ready(self) -> None:
        # Every recorded change (the audit trail's post_save, also sent once per government
        # for changes recorded in bulk) to what a peer profile is read from marks that
        # government's profile stale (lazos/matching/profiles.py).
        from django.db.models.signals import post_save

        from lazos.core.models import AuditEvent
        from lazos.matching.profiles import on_audit_event

        post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="lazos-matching-profiles")
