from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "lazos.actors"
    label = "actors"
    verbose_name = _("Local actors")

    def ready(self) -> None:
        from lazos.actors import personal_data
        from lazos.core.personal_data import register

        register(personal_data.contact_people)
