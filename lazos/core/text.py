"""Plain-text helpers shared by every app: single-line values.

A single-line value (every ``CharField``: titles, names, codes…) must never hold a line
break: it ends up in email subjects and other headers, in CSV cells, in one-line labels.
:func:`single_line` turns every run of line breaks into one space; the model layer
(``lazos.core.models``) applies it to every ``CharField`` however the value arrives.
"""

from __future__ import annotations

import re

# Every character Python's ``str.splitlines`` breaks a line on: CR, LF, vertical tab, form
# feed, the file/group/record separators, NEL, and the Unicode line and paragraph separators.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

_HAS_BREAK = re.compile(f"[{re.escape(LINE_BREAKS)}]")
_BREAK_RUN = re.compile(f"[ \\t]*[{re.escape(LINE_BREAKS)}][{re.escape(LINE_BREAKS)} \\t]*")


def has_line_break(value: str) -> bool:
    return _HAS_BREAK.search(value) is not None


def single_line(value: str) -> str:
    """``value`` with each run of line breaks (and the spaces around it) made one space.

    A value without a line break comes back unchanged; one with a line break also loses the
    spaces at its ends ("Title\\r\\n" → "Title").
    """
    if not _HAS_BREAK.search(value):
        return value
    return _BREAK_RUN.sub(" ", value).strip(" \t")


def truncate(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    if len(value) <= limit:
        return value
    return value[: max(limit - 1, 0)].rstrip() + "…"
