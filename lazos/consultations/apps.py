from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "lazos.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from lazos.consultations import personal_data
        from lazos.core.personal_data import register

        register(personal_data.contributions)
