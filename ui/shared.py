"""Results computed from the opened corpus (query results, figures), shared by every session."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis import Corpus
from ui.memo import RESULTS, content_key


def shared(corpus: Corpus, key: tuple, build: Callable[[], Any]) -> Any:
    """`build()` once per (opened corpus, key) for all sessions; the result must not be
    mutated. A selection of the corpus shares its results: the key says what was selected
    (and whether reprints were folded)."""
    return RESULTS.get((corpus.deduplicated, *key), build, owner=corpus.frames)


_QUERIES = frozenset({"articles", "metrics", "metric_count", "terms", "compare", "kwic", "themes", "distinctive", "trends",
                      "cooccurrence", "topics", "reprints", "copies"})
_NARROWING = frozenset({"filter", "select", "subset", "unique"})


class SharedSelection:
    """A selection of the opened corpus whose query results (`terms`, `themes` …) are kept
    for every session: two sessions asking the same question of the same articles compute
    it once. Everything else is the wrapped `Corpus`'s; narrowing it stays shared."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._fingerprint: bytes | None = None

    @property
    def fingerprint(self) -> bytes:
        """Which articles are selected (a hash of their ids, in order)."""
        if self._fingerprint is None:
            ids = pd.util.hash_pandas_object(self.corpus.selection["article_id"], index=False).to_numpy()
            self._fingerprint = hashlib.blake2b(ids.tobytes(), digest_size=16).digest()
        return self._fingerprint

    def __len__(self) -> int:
        return len(self.corpus)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.corpus, name)
        if name in _QUERIES:
            return functools.partial(self._query, name)
        if name in _NARROWING:
            return lambda *args, **kwargs: SharedSelection(value(*args, **kwargs))
        return value

    def _query(self, name: str, *args, **kwargs) -> Any:
        key = (self.corpus.deduplicated, "query", self.fingerprint, name, content_key(args), content_key(kwargs))
        return RESULTS.get(key, lambda: getattr(self.corpus, name)(*args, **kwargs),
                                     owner=self.corpus.frames)
