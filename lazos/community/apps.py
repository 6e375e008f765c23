from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "lazos.community"
    label = "community"
    verbose_name = _("Experts' community")

    def ready(self) -> None:
        from lazos.community import personal_data
        from lazos.core.personal_data import register

        register(
            personal_data.profiles,
            personal_data.questions,
            personal_data.answers,
            personal_data.notifications,
        )
