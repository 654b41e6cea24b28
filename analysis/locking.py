"""One writer at a time in the data directory.

Every read-modify-write of the user's files (corrections, settings, theme lexicon, removing
an upload) runs under an advisory lock (`flock` on `<data dir>/.lock`), so two sessions
saving at once are serialised and neither edit is lost. Each write is atomic on its own
(temp file + rename); the lock only orders them.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


class DataDirBusy(RuntimeError):
    """Another session held the data directory for longer than the timeout."""


@contextmanager
def data_lock(data_dir: str | os.PathLike, *, timeout: float = 15.0):
    """Hold the data directory's write lock; DataDirBusy (Chinese message) after `timeout` s.

    An unwritable directory raises OSError from here, before anything is changed.
    """
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DataDirBusy("另一个会话正在保存，请稍后再试（数据未改变）") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
