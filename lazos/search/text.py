"""Folding and snippets: the text of an entry as it is matched and as it is shown."""

from __future__ import annotations

from unidecode import unidecode

from lazos.reference.text import fold, search_words

__all__ = ["fold", "folded_with_positions", "search_words", "snippet_parts"]


def folded_with_positions(text: str) -> tuple[str, list[int]]:
    """``text`` folded like :func:`fold` (without stripping), and for each folded character
    the index of the character of ``text`` it comes from ("ß" folds to two characters)."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = unidecode(char).lower() if ord(char) > 127 else char.lower()
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def snippet_parts(text: str, words: list[str], *, width: int = 220) -> list[tuple[str, bool]]:
    """A passage of ``text`` (its lines joined with " · ") around the first of the folded ``words`` found in it, as
    ``(piece, is_match)`` pairs so a template can mark the matches; the start of the text when
    no word is found. Ellipses show where the passage was cut."""
    text = " · ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    if not text:
        return []
    folded, origin = folded_with_positions(text)
    hits = sorted(
        (position, word) for word in words if word and (position := folded.find(word)) >= 0
    )
    if hits:
        first = origin[hits[0][0]]
        start = max(0, first - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    passage_start, passage_end = start, end
    # Matches inside the passage, in original-text coordinates, without overlaps.
    spans: list[tuple[int, int]] = []
    for word in words:
        if not word:
            continue
        position = folded.find(word)
        while position >= 0:
            a = origin[position]
            b = origin[position + len(word) - 1] + 1
            if a >= passage_start and b <= passage_end:
                spans.append((a, b))
            position = folded.find(word, position + len(word))
    spans.sort()
    parts: list[tuple[str, bool]] = []
    if passage_start > 0:
        parts.append(("… ", False))
    cursor = passage_start
    for a, b in spans:
        if a < cursor:
            continue
        if a > cursor:
            parts.append((text[cursor:a], False))
        parts.append((text[a:b], True))
        cursor = b
    if cursor < passage_end:
        parts.append((text[cursor:passage_end], False))
    if passage_end < len(text):
        parts.append((" …", False))
    return parts
