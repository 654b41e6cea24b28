"""One process-wide store for results every session shares (query results, figures,
images), within one memory budget; no Streamlit here."""
from __future__ import annotations

import functools
import hashlib
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

BUDGET_BYTES = 32 * 2**20  # what the shared results may hold, all sessions together
MAX_ENTRIES = 512


FRAME_OVERHEAD = 12_000  # a small frame's index, blocks and flags (measured: ~10 KB)


def approx_bytes(value: Any) -> int:
    """Roughly how much memory `value` holds, erring high: frames, arrays, bytes, plotly
    figures and the containers they come in (long lists are sampled)."""
    if isinstance(value, pd.DataFrame):
        return FRAME_OVERHEAD + int(value.memory_usage(deep=True).sum())
    if isinstance(value, (pd.Series, pd.Index)):
        return FRAME_OVERHEAD + int(value.memory_usage(deep=True))
    if isinstance(value, np.ndarray):
        return value.nbytes + (value.size * 48 if value.dtype == object else 0)
    if isinstance(value, (bytes, bytearray, str)):
        return sys.getsizeof(value)
    if isinstance(value, dict):
        return 64 + sum(approx_bytes(k) + approx_bytes(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        sample = items[:64]
        per_item = sum(approx_bytes(v) for v in sample) / len(sample) if sample else 0
        return 56 + 8 * len(items) + int(per_item * len(items))
    if hasattr(value, "_data") and hasattr(value, "_layout"):
        # A plotly figure: its raw dicts, plus the trace and layout objects built over them
        # (measured with tracemalloc: a 20-bar chart's dicts 52 KB, the figure 138 KB).
        return 40_000 + 2 * (approx_bytes(value._data) + approx_bytes(value._layout))
    return sys.getsizeof(value)


class _SharedResults:
    """Values kept for every session: twenty people opening the same view build its charts
    once. Keyed by what a value depends on (filters, options, content); least recently used
    values leave first once the entries pass `budget` bytes (or `size` entries). Values built
    from one opened corpus are dropped when another is opened."""

    def __init__(self, size: int = MAX_ENTRIES, budget: int = BUDGET_BYTES):
        self.size, self.budget = size, budget
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self.held = 0  # bytes of the entries, as approx_bytes counts them
        self.owner: weakref.ref | None = None

    def clear(self) -> None:
        with self.lock:
            self._drop_all()

    def _drop_all(self) -> None:  # the lock is held
        self.entries.clear()
        self.held = 0

    def get(self, key: tuple, build: Callable[[], Any], owner: object | None = None) -> Any:
        """The value for `key`, built by `build()` when missing. With `owner` (the opened
        corpus's frames), a different owner than last time empties the cache first."""
        with self.lock:
            if owner is not None and (self.owner is None or self.owner() is not owner):
                self._drop_all()
                self.owner = weakref.ref(owner)
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key][0]
        value = build()  # outside the lock: a rare duplicate build is cheaper than waiting
        size = approx_bytes(value)
        if size > self.budget // 4:  # one oversized value would push out everything else
            return value
        with self.lock:
            if owner is None or (self.owner is not None and self.owner() is owner):
                if key in self.entries:
                    self.held -= self.entries.pop(key)[1]
                self.entries[key] = (value, size)
                self.held += size
                while self.entries and (self.held > self.budget or len(self.entries) > self.size):
                    self.held -= self.entries.popitem(last=False)[1][1]
        return value


RESULTS = _SharedResults()


FIXED_BY_ARTICLE_ID = ("text", "captions", "kicker", "minhash", "text_key", "shingles")


def content_key(value: Any) -> Any:
    """A hashable stand-in for `value` that is equal exactly when the content is: frames by
    their columns, dtypes and a hash of every cell."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        hashed = value
        if isinstance(value, pd.DataFrame) and "article_id" in value.columns:
            # An article's text is fixed by its id (file hash and position) for the running
            # engine; hashing 14 M characters of text per chart (0.7 s at 20k articles) is not.
            hashed = value.drop(columns=[c for c in FIXED_BY_ARTICLE_ID if c in value.columns])
        digest = hashlib.blake2b(pd.util.hash_pandas_object(hashed, index=True).to_numpy().tobytes(),
                                 digest_size=16).digest()
        columns = tuple(value.columns) if isinstance(value, pd.DataFrame) else (value.name,)
        dtypes = tuple(map(str, value.dtypes)) if isinstance(value, pd.DataFrame) else (str(value.dtype),)
        return (type(value).__name__, columns, dtypes, digest)
    if isinstance(value, dict):
        return ("dict", tuple((k, content_key(v)) for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(content_key(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(map(repr, value))))
    hash(value)  # anything else must be hashable already (str, numbers, None, frozen dataclasses)
    return value


def memoized(build: Callable[..., Any]) -> Callable[..., Any]:
    """`build` (a pure function of frames and options, e.g. a chart) computed once per
    content of its arguments for every session; the result must not be mutated."""
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def cached(*args, **kwargs):
        key = ("memoized", name, content_key(args), content_key(kwargs))
        return RESULTS.get(key, lambda: build(*args, **kwargs))

    return cached
