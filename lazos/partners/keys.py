"""The matching key of a partner's name and the domain of its website, stored on the partner
(``Partner.match_key``, ``Partner.website_domain``) so likely duplicates are found with indexed
queries (see :mod:`lazos.partners.duplicates`). Pure functions, no database."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lazos.reference.text import search_words

# --- Names -------------------------------------------------------------------------------------

# Administrative prefixes of a city (or region) hall's name, folded (no accents, lowercase):
# "Alcaldía de Medellín", "Prefeitura Municipal de Curitiba", "Ville de Lyon", "City of Cape
# Town"… Longest first, so "prefeitura municipal" wins over "prefeitura". Each is followed by
# an optional connector ("de", "do", "of", "d'"…).
_PREFIXES = (
    # Spanish
    "gobierno autonomo municipal",
    "gobierno autonomo departamental",
    "ilustre municipalidad",
    "municipalidad metropolitana",
    "municipalidad provincial",
    "municipalidad distrital",
    "municipalidad",
    "alcaldia mayor",
    "alcaldia municipal",
    "alcaldia distrital",
    "alcaldia",
    "ayuntamiento",
    "intendencia municipal",
    "intendencia departamental",
    "intendencia",
    "gobierno municipal",
    "municipio",
    "ajuntament",
    "concello",
    "ciudad",
    # Portuguese
    "prefeitura municipal",
    "prefeitura da cidade",
    "prefeitura",
    "camara municipal",
    "municipio",
    "cidade",
    # French
    "mairie",
    "ville",
    "commune",
    "municipalite",
    # English
    "city and county",
    "metropolitan municipality",
    "municipality",
    "municipal council",
    "city council",
    "city government",
    "city hall",
    "city",
    "town council",
    "town",
    # Italian and German names met in twin-city lists
    "comune",
    "citta",
    "stadt",
)
# Suffixes: "Istanbul Metropolitan Municipality", "Medellín City Council", "Lisboa (Câmara)".
_SUFFIXES = (
    "metropolitan municipality",
    "municipal council",
    "municipal government",
    "city council",
    "city government",
    "city hall",
    "town council",
    "town hall",
    "municipality",
    "municipalite",
    "prefeitura",
    "camara municipal",
    "alcaldia",
    "ayuntamiento",
    "mairie",
    "city",
    # Turkish: "İstanbul Büyükşehir Belediyesi"
    "buyuksehir belediyesi",
    "belediyesi",
)
_CONNECTOR = r"(?:de la |de l |del |de |da |do |das |dos |di |du |des |d |of the |of )?"
_PREFIX_RE = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sorted(set(_PREFIXES), key=len, reverse=True)) + ")"
    r" " + _CONNECTOR
)
_SUFFIX_RE = re.compile(
    r" (?:" + "|".join(re.escape(s) for s in sorted(set(_SUFFIXES), key=len, reverse=True)) + ")$"
)
# A prefix written last with its connector, as in sorted lists ("Saint-Étienne, Mairie de",
# "Lyon (Ville de)").
_INVERTED_RE = re.compile(
    r" (?:"
    + "|".join(re.escape(p) for p in sorted(set(_PREFIXES), key=len, reverse=True))
    + r") (?:de|del|da|do|du|d|of)$"
)
# Little words ignored in the key (articles, connectors, "and"): "Universidad de Buenos
# Aires" = "Universidad Buenos Aires".
_LITTLE_WORDS = frozenset(
    {"a", "d", "da", "das", "de", "del", "des", "di", "do", "dos", "du", "e", "el", "et", "l"}
    | {"la", "las", "le", "les", "lo", "los", "o", "of", "os", "the", "and", "y"}
)
# Legal forms that do not tell organisations apart.
_LEGAL_FORMS = frozenset(
    ("sa", "sas", "srl", "ltda", "ltd", "llc", "inc", "gmbh", "ag", "bv", "nv", "plc", "asbl")
)

#: The longest key stored (``Partner.match_key``): longer names are cut (their start decides).
KEY_LENGTH = 200


def name_key(name: str) -> str:
    """The matching key of an organisation's name: folded words (no accents, lowercase, no
    punctuation), administrative prefixes and suffixes of a city hall and little words left
    out, sorted. "Alcaldía de Medellín" → "medellin"; "Ville de Saint-Étienne" and "Saint
    Etienne, Mairie de" → "etienne saint"; "Ministry of Finance" → "finance ministry".

    Empty for a name without letters or digits."""
    words = search_words(name)
    if not words:
        return ""
    text = " ".join(words)
    # A prefix or suffix is left out only when something remains: "Ville" stays "ville".
    for pattern in (_PREFIX_RE, _INVERTED_RE, _SUFFIX_RE):
        shorter = pattern.sub("", text, count=1).strip()
        if shorter and shorter != text:
            text = shorter
    kept = [w for w in text.split() if w not in _LITTLE_WORDS and w not in _LEGAL_FORMS]
    return " ".join(sorted(kept or text.split()))[:KEY_LENGTH]


# --- Websites ----------------------------------------------------------------------------------

# Hosts many organisations share: a page there says nothing about who owns it.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "m.facebook.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "linkedin.com",
        "youtube.com",
        "wikipedia.org",
        "en.wikipedia.org",
        "es.wikipedia.org",
        "fr.wikipedia.org",
        "pt.wikipedia.org",
        "google.com",
        "sites.google.com",
        "wordpress.com",
        "blogspot.com",
        "wixsite.com",
        "github.io",
        "linktr.ee",
    }
)
DOMAIN_LENGTH = 200


def website_domain(url: str) -> str:
    """The domain of a website address, lowercase and without ``www.``:
    "https://WWW.Medellin.gov.co/alcaldia" → "medellin.gov.co". Empty for no address, or for
    a shared host (a social network, a blog platform) or a page on one."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "//" + url
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    if host.startswith("www."):
        host = host[4:]
    if not host or "." not in host:
        return ""
    if host in SHARED_HOSTS or any(host.endswith("." + shared) for shared in SHARED_HOSTS):
        return ""
    return host[:DOMAIN_LENGTH]
