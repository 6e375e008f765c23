from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "lazos.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        from lazos.actions import personal_data
        from lazos.core.personal_data import register

        register(personal_data.travellers)
