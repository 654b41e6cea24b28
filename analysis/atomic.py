"""Writing a file so that a crash leaves the old content or the new, never half of it.

The one place the engine replaces a file on disk (overrides, settings, the user's lexicon,
the boundary cache, uploads): the data goes to a temporary file in the same directory, is
flushed and fsynced, renamed over the target with `os.replace` (atomic on POSIX and
Windows), and the directory is fsynced so that the rename itself survives a power cut.
On any failure the temporary file is removed and the target is left as it was.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Replace `path` with `data` (str is written as UTF-8); create missing parent directories."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(path: Path | str) -> None:
    """Flush a directory's entries (a rename or a new file in it) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
