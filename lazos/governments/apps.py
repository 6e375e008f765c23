from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernmentsConfig(AppConfig):
    name = "lazos.governments"
    label = "governments"
    verbose_name = _("Governments")

    def ready(self) -> None:
        from lazos.core.personal_data import declare_not_personal
        from lazos.governments.models import Department

        declare_not_personal(Department, "a department's shared address, not a person's")
