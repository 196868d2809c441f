"""The dashboard's per-process caches (issue 17's speed: every dashboard page's p95 under 300 ms).

Only what cannot go stale is kept, each in a bounded least-recently-used map on the app (each gunicorn worker
has its own; a test's app starts empty):
- a chart's HTML, keyed by everything the chart component is rendered from (the chart's content and its CSV
  address), so a key can never name other HTML;
- DfE's published charts (service.domain.published is read once per process and never changes);
- a council's live charts, keyed by (council, FigureRefresh.refreshed_at, the month shown last): the worker
  replaces a council's figures and its refresh time in one transaction, and the time is read before the
  figures, so a key is never filled from figures older than its refresh.
Aggregate figures only: no case, no child and nothing of a user is kept."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app


class Lru:
    """A thread-safe least-recently-used map of at most `size` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two threads may both make it, and store the same value
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


def app_cache(name: str, size: int) -> Lru:
    """The current app's cache called `name` (made on first use)."""
    caches = current_app.extensions.setdefault("dashboard_caches", {})
    if name not in caches:
        caches[name] = Lru(size)
    cache: Lru = caches[name]
    return cache
