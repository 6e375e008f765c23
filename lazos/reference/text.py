"""Text folding shared by the city loader (``search_text``) and the city search."""

import re
import unicodedata

from unidecode import unidecode

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lowercase ASCII form of ``text``: "São Paulo" → "sao paulo"."""
    return unidecode(text).lower().strip()


def search_words(query: str) -> list[str]:
    """The folded words of a search query; punctuation separates words ("Saint-Étienne")."""
    return [word for word in _NON_WORD.split(fold(query)) if word]


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
