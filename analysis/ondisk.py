"""Parquet files an opened corpus reads as queries need them (`termdb`, `figuredb`, `textdb`):
held open for as long as the corpus lives, and read by the row group."""
from __future__ import annotations

import os
import weakref

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


class HeldFile:
    """A file kept open for as long as something references this object, and the path
    that reads it through the open descriptor: a newer build may delete or replace the
    snapshot (another process added a file) while a corpus that read it is still open."""

    def __init__(self, path: str | os.PathLike):
        fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, fd)
        via_fd = f"/proc/self/fd/{fd}"
        self.path = via_fd if os.path.exists(via_fd) else str(path)  # Linux; elsewhere the path itself


def read_rows(path: str, rows: np.ndarray, columns: list[str] | None = None) -> pa.Table:
    """The rows at sorted positions `rows` (at least one) of a Parquet file, reading only
    the row groups that hold them."""
    parquet = pq.ParquetFile(path)
    sizes = [parquet.metadata.row_group(g).num_rows for g in range(parquet.num_row_groups)]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    rows = np.asarray(rows, dtype=np.int64)
    group_of = np.searchsorted(starts, rows, side="right") - 1  # each row's row group
    groups = np.unique(group_of)
    table = parquet.read_row_groups(groups.tolist(), columns=columns)
    read_from = np.concatenate([[0], np.cumsum([sizes[g] for g in groups])]).astype(np.int64)
    return table.take(pa.array(read_from[np.searchsorted(groups, group_of)] + (rows - starts[group_of])))
