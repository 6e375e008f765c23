from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    name = "lazos.spreadsheets"
    label = "spreadsheets"
    verbose_name = _("Spreadsheets")
