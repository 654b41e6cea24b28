"""The articles' texts (body, captions, kicker) and reprint signatures, left on disk.

An opened corpus keeps every other article column in memory (places, years, titles: what
filters and charts read) and reads texts when a query needs them: one article for the
reader, a selection for KWIC, every text once for a search (`containing`, kept for the
last few needles). At 20,000 articles the texts are 14 M characters; at a million, more
than the rest of the corpus together. The snapshot's `articles.parquet` is written in row
groups so that one article's text is read without the others. Before a snapshot exists
the texts stay in memory and the same methods answer from them.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .ondisk import HeldFile, read_rows
from .schema import TEXT

# Article columns read on demand rather than held by an opened corpus.
ON_DISK = ("text", "captions", "kicker", "minhash")
ARTICLES_FILE = "articles.parquet"
ROW_GROUP = 2048  # articles per row group of articles.parquet: what reading one text costs
_SEARCHES = 8  # needles whose matches are kept


class ArticleTexts:
    """The on-disk columns (`ON_DISK`) of the articles `article_ids` (corpus order)."""

    def __init__(self, article_ids: pd.Index, frame: pd.DataFrame | None = None,
                 path: str | os.PathLike | None = None):
        self.article_ids = article_ids
        self._frame = frame  # in memory: article_id and the ON_DISK columns, corpus order
        self._file = HeldFile(path) if path is not None else None
        self._searches: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def read(cls, folder: str | os.PathLike, article_ids: pd.Index) -> "ArticleTexts":
        return cls(article_ids, path=Path(folder) / ARTICLES_FILE)

    def of(self, article_ids: Iterable[str], columns: Iterable[str] = ("text",)) -> pd.DataFrame:
        """article_id and `columns` for `article_ids`, in that order (unknown ids: NA)."""
        ids = pd.Index(article_ids, dtype="string")
        rows = self.article_ids.get_indexer(ids)
        present = np.unique(rows[rows >= 0])
        values = self._read(present, list(columns)).set_axis(present)
        out = values.reindex(rows).reset_index(drop=True)  # -1 (unknown id): a row of NA
        out.insert(0, "article_id", ids.to_numpy())
        return out

    def attach(self, articles: pd.DataFrame, columns: Iterable[str] = ("text",)) -> pd.DataFrame:
        """`articles` with `columns` added (for code that reads a frame with text)."""
        columns = [c for c in columns if c not in articles.columns]
        if not columns:
            return articles
        found = self.of(articles["article_id"], columns)
        return articles.assign(**{c: found[c].array for c in columns})

    def containing(self, needle: str) -> np.ndarray:
        """Mask over corpus positions: articles whose text contains `needle`."""
        with self._lock:
            if needle in self._searches:
                self._searches.move_to_end(needle)
                return self._searches[needle]
        if self._frame is not None:
            texts = pa.array(self._frame["text"].to_numpy(dtype=object, na_value=None), type=pa.string())
        else:
            texts = pq.read_table(self._file.path, columns=["text"]).column("text")
        mask = np.asarray(pc.fill_null(pc.match_substring(texts, needle), False), dtype=bool)
        with self._lock:
            self._searches[needle] = mask
            while len(self._searches) > _SEARCHES:
                self._searches.popitem(last=False)
        return mask

    def hold(self, needle: str, article_ids: Iterable[str]) -> np.ndarray:
        """Mask over `article_ids`: whose text contains `needle` (unknown ids: False)."""
        rows = self.article_ids.get_indexer(pd.Index(article_ids, dtype="string"))
        return np.append(self.containing(needle), False)[rows]

    def _read(self, rows: np.ndarray, columns: list[str]) -> pd.DataFrame:
        """The `columns` of the articles at sorted positions `rows`."""
        if self._frame is not None:
            return self._frame.iloc[rows][columns].reset_index(drop=True)
        if len(rows) == 0:
            return pd.DataFrame({c: pd.Series(dtype=object if c == "minhash" else TEXT) for c in columns})
        return read_rows(self._file.path, rows, columns).to_pandas(types_mapper={pa.string(): TEXT}.get)
