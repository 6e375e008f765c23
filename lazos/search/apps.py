from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "lazos.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from lazos.search.indexing import connect_signals

        connect_signals()
