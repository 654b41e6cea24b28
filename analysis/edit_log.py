"""The edit log: one JSON line per change a user made to the data directory.

Uploads, deletions (to the recycle bin), restores, emptying the bin, corrections, the
dictionary and stopwords, the theme lexicon and settings each append one line to
`<data dir>/edit_log.jsonl`: when, what, on which file or article, the old and the new
value. A wrong correction can be found there and undone by hand from its old value.

Lines are appended under the data directory's lock (the writer that changed the data holds
it and calls `append_edit`), flushed and fsynced one by one. A line cut short by a crash is
skipped when reading, and the next append starts on a fresh line.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LOG_FILE = "edit_log.jsonl"

# The actions written to the log (the UI names them in Chinese).
ACTIONS = ("upload", "delete", "restore", "empty_trash", "correction", "words", "lexicon", "settings")


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Edit:
    """One change: `target` names the file or article, `target_id` its hash or article id;
    `old` and `new` hold the changed values (None for "nothing" before or after)."""

    action: str
    target: str
    old: Any = None
    new: Any = None
    target_id: str | None = None
    time: str = field(default_factory=_now)


def log_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / LOG_FILE


def append_edit(data_dir: Path | str, edit: Edit) -> None:
    """Append one line for `edit`, flushed and fsynced; the caller holds `data_lock`."""
    if edit.action not in ACTIONS:
        raise ValueError(f"unknown edit action {edit.action!r}")
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(edit), ensure_ascii=False, default=str) + "\n"
    new_file = not path.exists()
    with open(path, "a+b") as handle:
        if handle.tell() > 0:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":  # a line cut short by a crash: leave it on its own
                line = "\n" + line
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    if new_file:
        from .atomic import fsync_dir

        fsync_dir(path.parent)


def log_edit(data_dir: Path | str, edit: Edit) -> None:
    """Append `edit` under the data directory's lock (for writers that do not hold it)."""
    from .locking import data_lock

    with data_lock(data_dir):
        append_edit(data_dir, edit)


def read_edits(data_dir: Path | str, *, limit: int | None = None) -> list[Edit]:
    """The logged edits, latest first (at most `limit`); damaged lines are skipped."""
    path = log_path(data_dir)
    if not path.exists():
        return []
    edits = []
    for raw in path.read_bytes().splitlines():
        try:
            item = json.loads(raw.decode("utf-8"))
            edits.append(Edit(**{k: v for k, v in item.items() if k in Edit.__dataclass_fields__}))
        except (UnicodeDecodeError, ValueError, TypeError):
            continue
    edits.reverse()
    return edits[:limit] if limit is not None else edits


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys whose value differs, as (old values, new values)."""
    keys = [k for k in new if old.get(k) != new[k]]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}
