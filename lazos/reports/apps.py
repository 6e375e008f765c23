from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lazos.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # A large list export is written by the job worker (core/exports.py asks this app).
        from lazos.core.exports import register_export_queue
        from lazos.reports.exports import queue_list_export

        register_export_queue(queue_list_export)
