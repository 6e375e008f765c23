"""Text folding shared by the city loader (``search_text``) and the city search."""

import re
import unicodedata

from unidecode import unidecode

_NON_WORD = re.compile(r"[^0-9a-z]+")

#: Separates the names kept in ``City.search_text``: the city's own name first, then its
#: other names ("krakow|cracovia|cracow|krakau|…").
SEARCH_TEXT_SEPARATOR = "|"


def fold(text: str) -> str:
    """Lowercase ASCII form of ``text``: "São Paulo" → "sao paulo"."""
    return unidecode(text).lower().strip()


def search_words(query: str) -> list[str]:
    """The folded words of a search query; punctuation separates words ("Saint-Étienne")."""
    return [word for word in _NON_WORD.split(fold(query)) if word]


def search_key(text: str) -> str:
    """The folded words of ``text`` joined by single spaces: the form in which a city's names
    are stored in ``search_text`` and compared with a query ("Saint-Étienne" → "saint
    etienne", "Łódź" → "lodz"). Letters that Unicode does not decompose are transliterated
    too (ł → l, ø → o, đ → d, ß → ss, æ → ae, œ → oe, þ → th, ð → d, and the dotless i)."""
    return " ".join(search_words(text))


def is_latin_script(text: str) -> bool:
    """True when every letter of ``text`` is a Latin letter (accents and ligatures allowed).

    Digits, spaces, punctuation and combining marks are ignored; a name with no letter at all
    is not kept.
    """
    has_letter = False
    for ch in text:
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
            has_letter = True
    return has_letter
