"""The figures of a corpus (the `metrics` frame) left on disk, read by the row group for
the articles a query selects.

At 20,000 articles the frame holds 344k figures with their sentences: 117 MB in pandas,
19 MB as Parquet. An opened corpus keeps in memory only each figure's article position
(4 bytes a figure) and reads the rows a selection needs (`select`); counting them needs no
read at all (`count`). Before a snapshot exists (no cache directory) the frame stays in
memory and the same methods answer from it. As with the term counts (`termdb`), the file
is read through a descriptor opened with the corpus, so a newer build replacing the
snapshot does not pull it from under an open corpus.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .ondisk import HeldFile, read_rows
from .schema import TEXT, typed_frame

FIGURES_FILE = "metrics.parquet"
ROW_GROUP = 1 << 16  # figures per Parquet row group: the unit a selection reads


class FigureTable:
    """Figures of the articles `article_ids` (in corpus order), in memory or on disk."""

    def __init__(self, article_ids: pd.Index, frame: pd.DataFrame | None = None,
                 path: str | os.PathLike | None = None, files: dict[str, str] | None = None):
        self.article_ids = article_ids
        self._frame = frame
        self._source = None
        self.files = files  # article-id prefix → the file's current name (None: as stored)
        if path is not None:
            self._file = HeldFile(path)  # shared by the copies `named` makes
            self._source = self._file.path
            ids = pq.read_table(self._source, columns=["article_id"]).column("article_id")
        else:
            ids = pa.array(frame["article_id"].to_numpy(dtype=object, na_value=None), type=pa.string())
        # each distinct id looked up once (1.7 M figures of 100k articles: 0.5 s one by one)
        coded = (ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids).dictionary_encode()
        found = article_ids.get_indexer(pd.Index(coded.dictionary.to_pylist(), dtype="string"))
        self.positions = found[coded.indices.to_numpy(zero_copy_only=False)].astype(np.int64)

    @classmethod
    def read(cls, folder: str | os.PathLike, article_ids: pd.Index) -> "FigureTable":
        """The figures stored in the snapshot `folder`, left on disk."""
        return cls(article_ids, path=Path(folder) / FIGURES_FILE)

    @staticmethod
    def write(frame: pd.DataFrame, folder: str | os.PathLike) -> None:
        """Write `frame` into `folder` (a snapshot being staged), in row groups a selection
        can read alone."""
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), Path(folder) / FIGURES_FILE,
                       row_group_size=ROW_GROUP)

    def named(self, files: dict[str, str]) -> "FigureTable":
        """The same figures with `file` set from where each file is now (prefix → name)."""
        other = object.__new__(FigureTable)
        other.__dict__.update(self.__dict__)
        other.files = files
        return other

    def __len__(self) -> int:
        return len(self.positions)

    def of(self, rows: Iterable[int]) -> np.ndarray:
        """Mask over the figures: those of the articles at positions `rows`."""
        selected = np.zeros(len(self.article_ids) + 1, dtype=bool)  # the last slot: no article
        selected[np.asarray(rows, dtype=np.int64)] = True
        return selected[self.positions]

    def count(self, rows: Iterable[int]) -> int:
        return int(self.of(rows).sum())

    def select(self, rows: Iterable[int] | None = None, limit: int | None = None) -> pd.DataFrame:
        """The figures of the articles at `rows` (None: all), in stored order; the first
        `limit` only, when given."""
        wanted = None if rows is None else np.flatnonzero(self.of(rows))
        if limit is not None:
            wanted = (np.arange(len(self)) if wanted is None else wanted)[:limit]
        if self._frame is not None:
            frame = self._frame if wanted is None else self._frame.iloc[wanted]
        else:
            frame = self._read(wanted)
        frame = frame.reset_index(drop=True)
        if self.files is not None:
            frame = frame.assign(file=frame["article_id"].str[:12].map(self.files).astype(TEXT))
        return typed_frame("metrics", frame)

    def frame(self) -> pd.DataFrame:
        """Every figure: for notebooks, tests and a rebuild, not queries."""
        return self.select(None)

    def _read(self, wanted: np.ndarray | None) -> pd.DataFrame:
        if wanted is None:
            return pq.read_table(self._source).to_pandas(types_mapper={pa.string(): TEXT}.get)
        if len(wanted) == 0:
            return typed_frame("metrics")
        return read_rows(self._source, wanted).to_pandas(types_mapper={pa.string(): TEXT}.get)
