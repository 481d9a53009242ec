"""A small in-process memo for the web app's caches (statuses per data version, page
parts, accounts, the region tree): bounded, least recently used first out, and each
value computed once however many threads ask for it at the same moment."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def _hit(self, key: Hashable, valid: Callable[[V], bool] | None) -> tuple[bool, V | None]:
        with self._lock:
            if key in self._items and (valid is None or valid(self._items[key])):
                self._items.move_to_end(key)
                return True, self._items[key]
        return False, None

    def get(
        self, key: Hashable, make: Callable[[], V], valid: Callable[[V], bool] | None = None
    ) -> V:
        """The value kept for `key` (if `valid` accepts it), else `make()`'s, kept. Readers
        arriving together wait for the first one's `make` instead of all repeating it."""
        hit, value = self._hit(key, valid)
        if hit:
            return value  # type: ignore[return-value]
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        try:
            with building:
                hit, value = self._hit(key, valid)
                if not hit:
                    value = make()
                    with self._lock:
                        self._items[key] = value
                        self._items.move_to_end(key)
                        while len(self._items) > self.size:
                            self._items.popitem(last=False)
        finally:
            with self._lock:
                self._building.pop(key, None)
        return value  # type: ignore[return-value]
