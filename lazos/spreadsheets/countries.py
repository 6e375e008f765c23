"""Countries as people write them in a spreadsheet: "United States", "EE. UU.", "Brasil", "FR".

The names come from the CLDR/ISO data django-countries ships, in each interface language
(English, Spanish, French, and Portuguese as written in Portugal and in Brazil): the usual
name, the official ISO name ("Bolivia (Plurinational State of)") and the former names
django-countries keeps ("Swaziland"). Besides those, the ISO 3166 codes (alpha-2 and
alpha-3) and a short table of common forms that no standard lists ("USA", "UK", "EE. UU.",
"Holland"…) are accepted.

A text is looked up, after folding (case, accents and punctuation ignored, a leading "the"
dropped), in three steps, the first that answers wins:

1. a name, a code or a common form, exactly;
2. a name without its bracketed or comma part ("Bolivia", "Korea" would be two countries and
   is refused as ambiguous);
3. the beginning of exactly one name, whole words only ("United States" of "United States of
   America", "États-Unis" of "États-Unis d'Amérique").

A text that names no country, or several, is refused with the candidates or the closest names.
"""

from __future__ import annotations

import difflib
import gettext as gettext_module
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import django_countries
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries
from django_countries.data import COUNTRIES
from unidecode import unidecode

#: The languages whose country names are accepted ("pt-br": Brazil writes "Polônia").
NAME_LANGUAGES = ("en", "es", "fr", "pt", "pt-br")

#: Common forms of country names that the CLDR/ISO data does not list.
COMMON_FORMS: dict[str, tuple[str, ...]] = {
    "US": (
        "United States",
        "U.S.",
        "U.S.A.",
        "EE. UU.",
        "EE.UU.",
        "EEUU",
        "E.U.A.",
        "EUA",
        "America",
    ),
    "GB": (
        "U.K.",
        "UK",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "Gran Bretaña",
        "Inglaterra",
        "Grande-Bretagne",
        "Angleterre",
        "Grã-Bretanha",
    ),
    "NL": ("Holland", "Holanda", "Hollande"),
    "AE": ("UAE", "EAU", "Emirates"),
    "CD": ("DRC", "RDC", "DR Congo", "RD Congo"),
    "CI": ("Ivory Coast",),
    "CZ": ("Czech Republic", "República Checa", "République tchèque", "República Tcheca"),
    "VA": ("Vatican", "Vaticano"),
    "TR": ("Turkey", "Turquía", "Turquie", "Turquia"),
    "MK": ("Macedonia",),
    "KR": ("Korea, South",),
    "KP": ("Korea, North",),
}

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_BRACKETED = re.compile(r"\s*[(\[].*?[)\]]\s*|,.*$")


def country_key(text: str) -> str:
    """Folded form of a country's name: "Côte d'Ivoire" → "cote d ivoire", "EE. UU." →
    "ee uu", "the Netherlands" → "netherlands"."""
    key = " ".join(_NOT_WORD.split(unidecode(str(text)).lower())).strip()
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class CountryTable:
    exact: dict[str, str]
    short: dict[str, set[str]]
    names: dict[str, set[str]]

    def find(self, text: str) -> tuple[str | None, list[str]]:
        """(the code, []) when ``text`` names one country; (None, candidate codes) otherwise:
        several when it is ambiguous, none when it names nothing."""
        key = country_key(text)
        if not key:
            return None, []
        if key in self.exact:
            return self.exact[key], []
        if key in self.short:
            found = self.short[key]
            return (next(iter(found)), []) if len(found) == 1 else (None, sorted(found))
        prefixed = {
            code
            for name, codes in self.names.items()
            if name.startswith(key + " ")
            for code in codes
        }
        if len(prefixed) == 1:
            return next(iter(prefixed)), []
        return None, sorted(prefixed)

    def closest(self, text: str, count: int = 3) -> list[str]:
        """The codes of the names closest to ``text`` (for a "did you mean" list)."""
        found: list[str] = []
        for name in difflib.get_close_matches(country_key(text), self.names, n=10, cutoff=0.7):
            for code in sorted(self.names[name]):
                if code not in found:
                    found.append(code)
        return found[:count]


# django-countries' own translations: where the project's catalog gives the CLDR's name
# instead (core/country_names.py: "Côte d'Ivoire" in Spanish), its name ("Costa de Marfil")
# is still how people write the country in a spreadsheet.
_DJANGO_COUNTRIES_LOCALE = Path(django_countries.__file__).parent / "locale"


def _names_in(language: str) -> Iterable[tuple[str, str]]:
    with translation.override(language):
        for code, name in countries:
            yield code, str(name)
        for code, name in COUNTRIES.items():
            yield code, str(name)
        for code, old in countries.OLD_NAMES.items():
            for name in old:
                yield code, str(name)
    own = gettext_module.translation(
        "django", localedir=_DJANGO_COUNTRIES_LOCALE, languages=[language], fallback=True
    )
    for code, name in COUNTRIES.items():
        yield code, own.gettext(str(name))


@lru_cache(maxsize=1)
def country_table() -> CountryTable:
    exact: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for code, _name in countries:
        exact.setdefault(country_key(code), code)
        alpha3 = countries.alpha3(code)
        if alpha3:
            exact.setdefault(country_key(alpha3), code)
    for code, forms in COMMON_FORMS.items():
        for form in forms:
            exact.setdefault(country_key(form), code)
    for language in NAME_LANGUAGES:
        for code, name in _names_in(language):
            key = country_key(name)
            names.setdefault(key, set()).add(code)
            short.setdefault(country_key(_BRACKETED.sub("", name)), set()).add(code)
    for key, codes in names.items():
        if len(codes) == 1:
            exact.setdefault(key, next(iter(codes)))
    return CountryTable(exact=exact, short=short, names=names)


def find_country(text: str) -> tuple[str | None, list[str]]:
    """See :meth:`CountryTable.find`."""
    return country_table().find(text)


def closest_countries(text: str) -> list[str]:
    return country_table().closest(text)


def country_label(code: str) -> str:
    """ "Spain (ES)" in the active language."""
    return gettext("%(name)s (%(code)s)") % {"name": countries.name(code), "code": code}


def country_names() -> list[tuple[str, str]]:
    """(code, name) of every country in the active language, by name (for templates)."""
    return [(code, str(name)) for code, name in countries]
