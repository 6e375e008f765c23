from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    """What a search result is: one value per indexed model."""

    PARTNER = "partner", _("partner")
    AGREEMENT = "agreement", _("agreement")
    ACTION = "action", _("action")
    NETWORK = "network", _("city network")
    ACTOR = "actor", _("local actor")


KIND_PLURALS = {
    SearchKind.PARTNER: _("partners"),
    SearchKind.AGREEMENT: _("agreements"),
    SearchKind.ACTION: _("actions"),
    SearchKind.NETWORK: _("city networks"),
    SearchKind.ACTOR: _("local actors"),
}

# PostgreSQL text-search configurations for a government's first official language. Only
# Latin-script languages: the indexed text is folded to ASCII (unidecode) before it is stemmed.
TEXT_SEARCH_CONFIGS: dict[str, str] = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nb": "norwegian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "sv": "swedish",
    "tr": "turkish",
}
SIMPLE = "simple"


def text_search_config(language: str) -> str:
    """The PostgreSQL configuration for a language code ("es" → "spanish"), else "simple"."""
    return TEXT_SEARCH_CONFIGS.get((language or "").split("-")[0].lower(), SIMPLE)
