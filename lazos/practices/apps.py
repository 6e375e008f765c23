from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "lazos.practices"
    label = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from lazos.core.personal_data import register
        from lazos.practices import personal_data

        register(personal_data.contact_people)
