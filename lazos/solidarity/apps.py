from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolidarityConfig(AppConfig):
    name = "lazos.solidarity"
    label = "solidarity"
    verbose_name = _("Solidarity board")

    def ready(self) -> None:
        from lazos.core.personal_data import register
        from lazos.solidarity import personal_data

        register(personal_data.contact_people)
