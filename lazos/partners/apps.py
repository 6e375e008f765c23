from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "lazos.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from lazos.core.personal_data import register
        from lazos.partners import personal_data

        register(personal_data.contacts)
