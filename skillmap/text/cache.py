"""A size-bounded memo: a dict that empties itself when full.

The context rules remember answers per recurring text (headers, boilerplate sentences,
cue spans); a long batch run must not let those memos grow without end. Emptying the
whole memo when it reaches its limit keeps every hit a plain ``dict.get`` (an LRU would
reorder on each hit) and costs one refill of what recurs; a memo's answers never change,
so what it holds decides speed only, never output.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(dict[K, V]):
    """``cache.get(key)`` to look up, ``cache.put(key, value)`` to remember (returns
    ``value``); at ``limit`` entries a ``put`` first empties the cache."""

    __slots__ = ("limit",)

    def __init__(self, limit: int):
        if limit < 1:
            raise ValueError(f"BoundedCache limit must be at least 1, got {limit}")
        super().__init__()
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
