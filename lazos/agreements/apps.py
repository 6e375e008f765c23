from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "lazos.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from lazos.agreements import personal_data
        from lazos.core.personal_data import register

        register(personal_data.signatories)
