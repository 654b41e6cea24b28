"""The per-article term counts of a corpus as an integer table queried with DuckDB.

One row per article and term: `article` (the article's position in the corpus), `term`
(its id in the vocabulary) and `count`, sorted by article. Kept on disk as Parquet in the
corpus snapshot (or as an Arrow table before there is one), never as a pandas frame of
strings: at 20,000 articles that frame held 3.2 M rows and 134 MB, the Parquet file is 9 MB
and a query reads only the row groups of the articles it selects. Every term query of the
engine (counts per group, keyness, trends, co-occurrence, topics) reduces to `aggregate`
and `rows`; strings come back only for the terms a result keeps.

DuckDB runs in-process (no server). A snapshot file may be replaced by a newer build while
a corpus that read it is still open (another process added a file): the table is opened
once and read through its file descriptor, which keeps the old file readable until the
corpus is dropped.
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

from .ondisk import HeldFile
from .segment import is_content_term, pos_class

TERMS_FILE = "term-counts.parquet"
VOCAB_FILE = "vocabulary.parquet"
ROW_GROUP = 1 << 18  # rows per Parquet row group: the unit a selection's query reads or skips

_LOCAL = threading.local()  # one DuckDB cursor per thread (Streamlit runs a session per thread)
_DATABASE = None
_DATABASE_LOCK = threading.Lock()


def _cursor():
    """This thread's cursor on the process's in-memory DuckDB database."""
    global _DATABASE
    cursor = getattr(_LOCAL, "cursor", None)
    if cursor is None:
        import duckdb

        with _DATABASE_LOCK:
            if _DATABASE is None:
                _DATABASE = duckdb.connect(config={"threads": max(1, min(4, os.cpu_count() or 1))})
            cursor = _LOCAL.cursor = _DATABASE.cursor()
    return cursor


class TermCounts:
    """Term counts of one corpus's articles (ids in `article_ids`, in corpus order)."""

    def __init__(self, article_ids: Iterable[str], vocabulary: pa.Array, table: pa.Table | None = None,
                 path: str | os.PathLike | None = None):
        self.article_ids = pd.Index(article_ids, dtype="string").rename(None)
        self.vocabulary = vocabulary  # term id → term (Arrow strings)
        self._table = table
        self._source = None
        self._rows = None
        if path is not None:
            self._file = HeldFile(path)
            self._source = self._file.path
            self._rows = pq.ParquetFile(path).metadata.num_rows
        self._masks: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        # per term id, computed once when first needed (or read with the vocabulary)
        self._term_totals: tuple[np.ndarray, np.ndarray] | None = None
        self._word_mask: np.ndarray | None = None
        self._pos_classes: np.ndarray | None = None
        self._index: pd.Index | None = None

    # -- building ----------------------------------------------------------------------------

    @classmethod
    def from_frame(cls, terms: pd.DataFrame, article_ids: Iterable[str]) -> "TermCounts":
        """From term rows (article_id, term, count) of the articles `article_ids`."""
        article_ids = pd.Index(article_ids, dtype="string")
        article = article_ids.get_indexer(terms["article_id"])
        if (article < 0).any():
            raise ValueError("term rows of articles not in the corpus")
        codes, vocabulary = pd.factorize(terms["term"], sort=False)
        order = np.argsort(article, kind="stable")
        table = pa.table({
            "article": pa.array(article[order], type=pa.int32()),
            "term": pa.array(codes[order], type=pa.int32()),
            "count": pa.array(np.asarray(terms["count"])[order], type=pa.int32()),
        })
        return cls(article_ids, pa.array(np.asarray(vocabulary, dtype=object), type=pa.string()), table)

    def write(self, folder: str | os.PathLike) -> None:
        """Write the table and vocabulary (with each term's word test and corpus totals, the
        same for every query) into `folder` (a snapshot being staged). Parts of speech are
        looked up when a query first asks for them: jieba's tag table costs 1.2 s to load."""
        folder = Path(folder)
        pq.write_table(self.table(), folder / TERMS_FILE, row_group_size=ROW_GROUP)
        count, doc_freq = self._totals()
        pq.write_table(pa.table({"term": self.vocabulary, "word": self._words(),
                                 "count": count, "doc_freq": doc_freq}), folder / VOCAB_FILE)

    @classmethod
    def read(cls, folder: str | os.PathLike, article_ids: Iterable[str]) -> "TermCounts":
        """The counts stored in `folder` by `write`, left on disk."""
        folder = Path(folder)
        vocabulary = pq.read_table(folder / VOCAB_FILE)
        counts = cls(article_ids, vocabulary.column("term").combine_chunks(), path=folder / TERMS_FILE)
        counts._word_mask = vocabulary.column("word").to_numpy()
        counts._term_totals = (vocabulary.column("count").to_numpy(), vocabulary.column("doc_freq").to_numpy())
        return counts

    def _totals(self) -> tuple[np.ndarray, np.ndarray]:
        """Each term's count and document frequency over the whole corpus (the unfiltered
        view, which every first visit shows)."""
        if self._term_totals is None:
            table = self.table()
            terms = table.column("term").to_numpy()
            self._term_totals = (
                np.bincount(terms, weights=table.column("count").to_numpy(), minlength=len(self.vocabulary)).astype(np.int64),
                np.bincount(terms, minlength=len(self.vocabulary)).astype(np.int64))
        return self._term_totals

    def _words(self) -> np.ndarray:
        """Mask over term ids: a word worth counting before stopwords (no number, punctuation
        or single character)."""
        if self._word_mask is None:
            self._word_mask = np.fromiter((is_content_term(t, frozenset()) for t in self.vocabulary.to_pylist()),
                                          dtype=bool, count=len(self.vocabulary))
        return self._word_mask

    def _pos(self) -> np.ndarray:
        """Each term's part-of-speech class (segment.pos_class), kept once looked up."""
        if self._pos_classes is None:
            self._pos_classes = np.array([pos_class(t) for t in self.vocabulary.to_pylist()], dtype=object)
        return self._pos_classes

    # -- plain views -------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._rows if self._table is None else self._table.num_rows

    def table(self) -> pa.Table:
        """The whole integer table (read from disk when it lives there)."""
        if self._table is not None:
            return self._table
        return pq.read_table(self._source)

    def frame(self) -> pd.DataFrame:
        """The rows as (article_id, term, count) strings: for notebooks and a rebuild, not queries."""
        table = self.table()
        return pd.DataFrame({
            "article_id": self.article_ids.take(table.column("article").to_numpy()).to_numpy(),
            "term": pd.array(self.vocabulary.take(table.column("term")), dtype=pd.StringDtype(na_value=np.nan)),
            "count": table.column("count").to_numpy().astype("int64"),
        }).astype({"article_id": pd.StringDtype(na_value=np.nan)})

    def terms_of(self, ids: np.ndarray) -> np.ndarray:
        """The terms (strings) of term ids."""
        return np.asarray(self.vocabulary.take(pa.array(np.asarray(ids, dtype=np.int32))).to_pylist(), dtype=object)

    def ids_of(self, words: Iterable[str]) -> np.ndarray:
        """The ids of those `words` that occur in the corpus."""
        words = list(dict.fromkeys(words))
        index = self._vocabulary_index()
        found = index.get_indexer(words)
        return found[found >= 0].astype(np.int32)

    def _vocabulary_index(self) -> pd.Index:
        with self._lock:
            index = self._index
            if index is None:
                index = self._index = pd.Index(self.vocabulary.to_pandas(types_mapper=pd.ArrowDtype))
        return index

    def rows_of(self, article_ids: Iterable[str]) -> np.ndarray:
        """Positions of `article_ids` in the corpus (unknown ids are left out)."""
        rows = self.article_ids.get_indexer(pd.Index(article_ids, dtype="string"))
        return rows[rows >= 0].astype(np.int32)

    # -- which terms count -------------------------------------------------------------------

    def content(self, stopwords: frozenset[str], pos: tuple[str, ...] = ()) -> np.ndarray:
        """Mask over term ids: not a stopword, number or single character (and, with `pos`,
        of those part-of-speech classes); kept per stopword set, since every query asks."""
        key = (stopwords, pos)
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
        mask = self._words().copy()
        if stopwords:
            mask &= ~pc.fill_null(pc.is_in(self.vocabulary, value_set=pa.array(sorted(stopwords), type=pa.string())),
                                  False).to_numpy(zero_copy_only=False)
        if pos:
            mask &= np.isin(self._pos(), list(pos))
        with self._lock:
            self._masks[key] = mask
            while len(self._masks) > 4:
                self._masks.popitem(last=False)
        return mask

    # -- queries -----------------------------------------------------------------------------

    def aggregate(self, rows: np.ndarray, groups: np.ndarray | None = None,
                  term_ids: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Per (group, term): summed count and document frequency over the articles at
        `rows` (positions; an article listed twice, in two groups, counts in each). `groups`:
        an int code per entry of `rows` (None: one group 0); `term_ids`: only these terms.
        Returns arrays `group`, `term`, `count`, `doc_freq`."""
        rows = np.asarray(rows, dtype=np.int32)
        if len(rows) == 0 or len(self) == 0:
            return {name: np.zeros(0, dtype=np.int64) for name in ("group", "term", "count", "doc_freq")}
        if groups is None and term_ids is None and 2 * len(rows) > len(self.article_ids):
            whole = self._from_totals(rows)
            if whole is not None:
                return whole
        selection = {"a": rows}
        grouped = groups is not None
        if grouped:
            selection["g"] = np.asarray(groups, dtype=np.int32)
        query = (f"SELECT {'s.g' if grouped else '0'} AS grp, t.term, SUM(t.count)::BIGINT AS n, "
                 f"COUNT(*)::BIGINT AS df FROM {self._from()} t JOIN selection s ON t.article = s.a "
                 f"WHERE t.article BETWEEN {int(rows.min())} AND {int(rows.max())}")
        tables = {"selection": pa.table(selection)}
        if term_ids is not None:
            tables["wanted"] = pa.table({"id": np.asarray(term_ids, dtype=np.int32)})
            query += " AND t.term IN (SELECT id FROM wanted)"
        result = self._run(query + " GROUP BY ALL", tables)
        return {"group": result["grp"].astype(np.int64), "term": result["term"].astype(np.int64),
                "count": result["n"].astype(np.int64), "doc_freq": result["df"].astype(np.int64)}

    def _from_totals(self, rows: np.ndarray) -> dict[str, np.ndarray] | None:
        """The counts of most of the corpus (each article at most once) as the stored totals
        less the counts of the articles left out: the whole corpus, or all of it but the
        folded reprints, without reading the table. None when an article is listed twice."""
        present = np.zeros(len(self.article_ids), dtype=bool)
        present[rows] = True
        if present.sum() != len(rows):
            return None
        count, doc_freq = self._totals()
        left_out = np.flatnonzero(~present)
        if len(left_out):
            less = self.aggregate(left_out)
            count, doc_freq = count.copy(), doc_freq.copy()
            np.subtract.at(count, less["term"], less["count"])
            np.subtract.at(doc_freq, less["term"], less["doc_freq"])
        kept = np.flatnonzero(doc_freq)
        return {"group": np.zeros(len(kept), dtype=np.int64), "term": kept.astype(np.int64),
                "count": count[kept], "doc_freq": doc_freq[kept]}

    def rows(self, rows: np.ndarray, term_ids: np.ndarray) -> pd.DataFrame:
        """The (article_id, term, count) rows of the articles at `rows` for the terms
        `term_ids`, in article order: what co-occurrence and topic models read."""
        rows = np.unique(np.asarray(rows, dtype=np.int32))
        if len(rows) == 0 or len(term_ids) == 0 or len(self) == 0:
            return pd.DataFrame({"article_id": pd.Series(dtype="string"), "term": pd.Series(dtype="string"),
                                 "count": pd.Series(dtype="int64")})
        query = (f"SELECT t.article, t.term, t.count FROM {self._from()} t "
                 f"WHERE t.article BETWEEN {int(rows.min())} AND {int(rows.max())} "
                 "AND t.article IN (SELECT a FROM selection) AND t.term IN (SELECT id FROM wanted) "
                 "ORDER BY t.article, t.term")
        result = self._run(query, {"selection": pa.table({"a": rows}),
                                   "wanted": pa.table({"id": np.asarray(term_ids, dtype=np.int32)})})
        return pd.DataFrame({
            "article_id": self.article_ids.take(result["article"]).to_numpy(),
            "term": self.terms_of(result["term"]),
            "count": result["count"].astype(np.int64),
        })

    def _from(self) -> str:
        return "held" if self._table is not None else f"read_parquet('{self._source}')"

    def _run(self, query: str, tables: dict[str, pa.Table]) -> dict[str, np.ndarray]:
        cursor = _cursor()
        if self._table is not None:
            tables = dict(tables, held=self._table)
        for name, table in tables.items():
            cursor.register(name, table)
        try:
            return {name: np.asarray(values) for name, values in cursor.execute(query).fetchnumpy().items()}
        finally:
            for name in tables:
                cursor.unregister(name)
