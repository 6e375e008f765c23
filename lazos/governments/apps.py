from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernmentsConfig(AppConfig):
    name = "lazos.governments"
    label = "governments"
    verbose_name = _("Governments")
