"""Schemathesis checks of Lazos, loaded by ``st run`` through ``SCHEMATHESIS_HOOKS``.

It runs in schemathesis' own process (not Django's): it imports nothing of Lazos. The test
(test_core_fuzz.py) writes, after populating the database, the distinctive strings of the other
government's private objects to a JSON file named by ``LAZOS_FUZZ_FORBIDDEN``.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

import schemathesis

FORBIDDEN_ENV = "LAZOS_FUZZ_FORBIDDEN"


@cache
def forbidden_strings() -> tuple[str, ...]:
    path = os.environ.get(FORBIDDEN_ENV)
    if not path:
        return ()
    with open(path, encoding="utf-8") as file:
        return tuple(json.load(file))


@schemathesis.check
def no_other_governments_data(ctx: Any, response: Any, case: Any) -> bool | None:
    """No response may carry another government's private data (what its web pages would not
    show us): none of its objects' distinctive names or texts appears in a body."""
    body = response.content.decode("utf-8", errors="replace") if response.content else ""
    if not body:
        return None
    # JSON escapes non-ASCII and some punctuation; the strings are compared as JSON writes them.
    leaked = [text for text in forbidden_strings() if text in body or _json(text) in body]
    if leaked:
        raise AssertionError(
            "The response carries another government's private data: "
            + ", ".join(repr(text) for text in leaked[:5])
        )
    return None


def _json(text: str) -> str:
    return json.dumps(text)[1:-1]
