from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "lazos.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # Every app's kinds of workflow event (``<app>/events.py``), and their delivery to
        # the inbox and by email.
        from lazos.core import events
        from lazos.core.personal_data import register
        from lazos.reminders import personal_data
        from lazos.reminders.notifications import deliver

        autodiscover_modules("events")
        events.listen(deliver)
        register(personal_data.notifications)
