"""Dashboard results kept between page runs and sessions until the data they read changes.

A result is kept under its key (what was computed, for which filters, scope and language) with
the version of the data it reads (storage.db.Database.data_version): a client's rating moves the
ratings version, so the next run asking for a rating figure computes it again, while the
observation figures, which change a few times an hour, stay. Two sessions asking for the same
missing result compute it once: the second waits for the first.

Results are shared by every session, so callers must not change them: the dashboard derives new
frames and figures from them and never edits one in place.

>>> from storage.db import RATINGS, Database
>>> db = Database(":memory:")
>>> results, runs = Results(), []
>>> def count_runs():
...     runs.append(1)
...     return len(runs)
>>> results.get(db, (RATINGS,), "runs", count_runs), results.get(db, (RATINGS,), "runs", count_runs)
(1, 1)
>>> db.write(lambda cursor: None, changes=(RATINGS,))
>>> results.get(db, (RATINGS,), "runs", count_runs)
2
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from storage.db import OBSERVATIONS, RATINGS, Database

T = TypeVar("T")


class Results:
    """At most `max_entries` results, the least recently used dropped first; a result of an
    older data version is replaced, not kept beside the new one."""

    def __init__(self, max_entries: int = 256):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[tuple[int, ...], object]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, db: Database, reads: tuple[str, ...], key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept for `key` if the data of `reads` has not changed since, else `compute()`."""
        slot = (db.identity, reads, key)
        # Read before computing: a write committed meanwhile moves the version, so the next
        # run computes again instead of keeping a result that may predate the write.
        version = db.data_version(*reads)
        kept = self._kept(slot, version)
        if kept is not None:
            return kept[0]
        with self._lock:
            busy = self._computing.setdefault(slot, threading.Lock())
        with busy:
            kept = self._kept(slot, version)
            if kept is not None:
                return kept[0]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._computing.pop(slot, None)
                raise
            with self._lock:  # stored before the slot is free: no one arriving now computes it again
                self._entries[slot] = (version, value)
                self._entries.move_to_end(slot)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
                self._computing.pop(slot, None)
            return value

    def _kept(self, slot: Hashable, version: tuple[int, ...]) -> tuple[object] | None:
        with self._lock:
            entry = self._entries.get(slot)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(slot)
            return (entry[1],)


OBSERVED, RATED = (OBSERVATIONS,), (RATINGS,)
BOTH = (OBSERVATIONS, RATINGS)
DASHBOARD = Results()
"""The dashboard's results, shared by every session of this process."""
