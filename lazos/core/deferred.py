"""Work that may wait until the end of a batch.

Some consequences of a save are derived data: the search index entry of a partner, of an
action… Saving a thousand objects in a loop (the demo, an import) would refresh them a thousand
times, one query or more each. Inside ``deferred_work()`` an app collects what needs doing
instead, and does it once, in bulk, when the block ends (still inside the caller's
transaction, so a failure writes nothing of either). Outside such a block nothing changes: the
work is done at once.

``core`` knows no app: an app asks for a collector under its own key and gives the function
that does the collected work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_local = threading.local()


class _Batch:
    def __init__(self) -> None:
        self.collected: dict[str, set[Any]] = {}
        self.flushes: dict[str, Callable[[set[Any]], None]] = {}

    def run(self) -> None:
        # A flush may collect more work (under its own key or another): repeat until none.
        while self.collected:
            key = next(iter(self.collected))
            items = self.collected.pop(key)
            self.flushes[key](items)


@contextmanager
def deferred_work() -> Iterator[None]:
    """Collect deferrable work during the block and do it at its end. Nested blocks join the
    outermost one. When the block raises, the collected work is dropped with it."""
    if getattr(_local, "batch", None) is not None:
        yield
        return
    batch = _local.batch = _Batch()
    try:
        yield
        batch.run()
    finally:
        _local.batch = None


def collector(key: str, flush: Callable[[set[Any]], None]) -> set[Any] | None:
    """Inside ``deferred_work()``: the set to add items to under ``key``; ``flush(items)`` runs
    once for them at the end of the block. Outside: None, and the caller does its work now."""
    batch: _Batch | None = getattr(_local, "batch", None)
    if batch is None:
        return None
    batch.flushes[key] = flush
    return batch.collected.setdefault(key, set())
