"""Results computed from the opened corpus (figures, small tables), shared by every session."""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analysis import Corpus, Filters


class _SharedResults:
    """Values computed from the current corpus, kept for every session: twenty people
    opening the same view build its charts once. Keyed by what a value depends on (the
    filters, the options); emptied when the corpus changes."""

    def __init__(self, size: int = 256):
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict = OrderedDict()
        self.owner: weakref.ref | None = None

    def get(self, owner: object, key: tuple, build: Callable[[], Any]) -> Any:
        with self.lock:
            if self.owner is None or self.owner() is not owner:
                self.entries.clear()
                self.owner = weakref.ref(owner)
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = build()  # outside the lock: a rare duplicate build is cheaper than waiting
        with self.lock:
            if self.owner() is owner:
                self.entries[key] = value
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        return value


@st.cache_resource(show_spinner=False)
def _shared_results() -> _SharedResults:
    return _SharedResults()


def shared(corpus: Corpus, key: tuple, build: Callable[[], Any]) -> Any:
    """`build()` once per (opened corpus, key) for all sessions; the result must not be
    mutated. A selection of the corpus shares its results: the key says what was selected
    (and whether reprints were folded)."""
    return _shared_results().get(corpus.frames, (corpus.deduplicated, *key), build)


def selection_terms(corpus: Corpus, filters: Filters, *, by: str | None = None, top: int | None = None,
                    pos: tuple[str, ...] = ()) -> pd.DataFrame:
    """Term table of `corpus` (a selection by `filters`), built once for every session."""
    return shared(corpus, ("selection_terms", filters, by, top, pos), lambda: corpus.terms(by=by, top=top, pos=pos))
