"""The user's uploaded files, stored by content hash inside the data directory.

Each upload lives at `uploads/<sha1>/<clean name>`: the hash makes duplicates obvious and
the directory is renamed into place in one step, so a crash leaves either nothing or the
whole file. Names are cleaned of paths, control characters and reserved characters.
Files are checked (size, encoding, not binary, not empty) before anything is written.
A .zip is stored whole, as one upload, after its structure is checked (not a bomb, at least
one .txt/.docx/.pdf member); the corpus reads it as a folder of its members, each member's
problems reported as the corpus is read, and deleting it removes all of them.

Deleting moves an upload to the recycle bin, `trash/<time>-<sha1>/<name>`, in one rename;
restoring renames it back (unless the same content is in the corpus again); only emptying
the bin deletes for good. The data-directory level calls (`add_upload`, `delete_upload`,
`restore_upload`, `empty_trash`) hold the data directory's lock and write the edit log.
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import ingest
from .atomic import fsync_dir, write_atomic
from .edit_log import Edit, append_edit, log_edit

UPLOADS_DIR = "uploads"
TRASH_DIR = "trash"

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


class UploadError(ValueError):
    """An upload that is refused; the message (Chinese) names the file."""


@dataclass(frozen=True)
class StoredFile:
    sha1: str
    name: str
    path: Path
    size: int
    duplicate: bool = False
    members: int = 0  # readable members of a stored .zip (0 for other files)


def clean_name(name: str) -> str:
    """A safe base name: no directories (../, C:\\, \\\\host), no control or reserved characters."""
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[\\\\/]", name)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem[:80] or "未命名"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def store_upload(uploads_dir: Path, name: str, data: bytes, *, max_bytes: int = ingest.DEFAULT_MAX_BYTES) -> StoredFile:
    """Validate and store one uploaded file; return where it went (or where it already was)."""
    safe = clean_name(name)
    if len(data) > max_bytes:
        raise UploadError(f"{safe}：文件过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB），未保存")
    members = _check(safe, data, max_bytes)
    sha1 = hashlib.sha1(data).hexdigest()
    uploads_dir = Path(uploads_dir)
    target = uploads_dir / sha1
    existing = list(target.glob("*")) if target.is_dir() else []
    if existing:
        return StoredFile(sha1, existing[0].name, existing[0], len(data), duplicate=True, members=members)
    uploads_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(uploads_dir)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=uploads_dir))
    try:
        write_atomic(staging / safe, data)
        os.rename(staging, target)
    except FileExistsError:
        shutil.rmtree(staging, ignore_errors=True)  # stored meanwhile by another session
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    fsync_dir(uploads_dir)
    stored = next(target.glob("*"))
    return StoredFile(sha1, stored.name, stored, len(data), members=members)


def _check(name: str, data: bytes, max_bytes: int) -> int:
    """Refuse what the corpus could not read; return the count of a .zip's readable members.

    A .zip's members are not decoded here (a folder of PDFs would be parsed twice): the
    corpus reports each member's problems, and one bad member never loses the others."""
    try:
        if not name.endswith(ingest.ARCHIVE_SUFFIXES):
            ingest.document_from_bytes(data, name=name)
            return 0
        found, _ = ingest.archive_files(data, path=name, label=name, max_bytes=max_bytes)
    except ingest.IngestError as err:
        raise UploadError(f"{err}，未保存") from err
    if not found:
        raise UploadError(f"{name}：压缩包里没有可读的 .txt、.docx 或 .pdf 文件，未保存")
    return len(found)


STAGING_PREFIX = ".incoming-"
STALE_AFTER_S = 600  # a live upload is renamed into place within seconds


def remove_stale_staging(uploads_dir: Path, *, older_than: float = STALE_AFTER_S) -> int:
    """Delete staging directories left by an interrupted upload (never read); return how many.

    Only those older than `older_than` seconds go, so another session's upload in progress
    is left alone."""
    removed = 0
    now = time.time()
    for folder in Path(uploads_dir).glob(f"{STAGING_PREFIX}*"):
        try:
            if now - folder.stat().st_mtime > older_than:
                shutil.rmtree(folder)
                removed += 1
        except OSError:
            continue
    return removed


def list_uploads(uploads_dir: Path) -> list[StoredFile]:
    """Stored uploads, oldest first; half-written staging directories are ignored."""
    uploads_dir = Path(uploads_dir)
    if not uploads_dir.is_dir():
        return []
    found = []
    for folder in sorted(uploads_dir.iterdir(), key=lambda p: p.stat().st_mtime):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        for path in folder.iterdir():
            found.append(StoredFile(folder.name, path.name, path, path.stat().st_size))
    return found


def remove_upload(uploads_dir: Path, sha1: str) -> None:
    """Delete one stored upload by its hash, for good (the dashboard uses `delete_upload`,
    which moves it to the recycle bin)."""
    if not re.fullmatch(r"[0-9a-f]{40}", sha1):
        raise UploadError("无效的文件标识")
    target = Path(uploads_dir) / sha1
    if target.is_dir():
        shutil.rmtree(target)


# ---- recycle bin -------------------------------------------------------------------------

_SHA1 = re.compile(r"[0-9a-f]{40}")
_ENTRY = re.compile(r"(\d{8}T\d{12})-([0-9a-f]{40})")
_PURGE_PREFIX = ".purge-"


@dataclass(frozen=True)
class TrashedFile:
    """An upload in the recycle bin: `entry` is its folder in the bin, `deleted` ISO time."""

    entry: str
    sha1: str
    name: str
    path: Path
    size: int
    deleted: str


def _trashed(folder: Path) -> TrashedFile | None:
    match = _ENTRY.fullmatch(folder.name)
    if not match or not folder.is_dir():
        return None
    files = [p for p in folder.iterdir() if p.is_file()]
    if not files:
        return None
    deleted = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").isoformat(timespec="seconds")
    return TrashedFile(folder.name, match.group(2), files[0].name, files[0], files[0].stat().st_size, deleted)


def list_trash(trash_dir: Path) -> list[TrashedFile]:
    """The files in the recycle bin, most recently deleted first."""
    trash_dir = Path(trash_dir)
    if not trash_dir.is_dir():
        return []
    found = [t for t in map(_trashed, trash_dir.iterdir()) if t is not None]
    return sorted(found, key=lambda t: t.entry, reverse=True)


def trash_upload(uploads_dir: Path, trash_dir: Path, sha1: str) -> TrashedFile:
    """Move one stored upload into the recycle bin in a single rename (caller holds the lock)."""
    if not _SHA1.fullmatch(sha1):
        raise UploadError("无效的文件标识")
    source = Path(uploads_dir) / sha1
    if not source.is_dir():
        raise UploadError("该文件已不在语料中（可能已被另一个会话删除）")
    trash_dir = Path(trash_dir)
    trash_dir.mkdir(parents=True, exist_ok=True)
    entry = f"{dt.datetime.now().strftime('%Y%m%dT%H%M%S%f')}-{sha1}"
    os.rename(source, trash_dir / entry)
    fsync_dir(trash_dir)
    fsync_dir(source.parent)
    trashed = _trashed(trash_dir / entry)
    assert trashed is not None
    return trashed


def restore_from_trash(uploads_dir: Path, trash_dir: Path, entry: str) -> StoredFile:
    """Move a file from the bin back into the uploads in one rename (caller holds the lock).

    When the same content is in the corpus again, nothing moves: the result is marked
    `duplicate` and names the file already there; the copy stays in the bin."""
    if not _ENTRY.fullmatch(entry):
        raise UploadError("无效的回收站条目")
    trashed = _trashed(Path(trash_dir) / entry)
    if trashed is None:
        raise UploadError("回收站中已没有这个文件（可能已被恢复或清空）")
    uploads_dir = Path(uploads_dir)
    target = uploads_dir / trashed.sha1
    existing = list(target.glob("*")) if target.is_dir() else []
    if existing:
        return StoredFile(trashed.sha1, existing[0].name, existing[0], trashed.size, duplicate=True)
    uploads_dir.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        target.rmdir()  # an empty folder left by nothing we know of; rename needs the name free
    try:
        os.rename(trashed.path.parent, target)
    except OSError as err:
        if err.errno in (errno.EEXIST, errno.ENOTEMPTY):  # stored meanwhile by another writer
            stored = next(target.glob("*"))
            return StoredFile(trashed.sha1, stored.name, stored, trashed.size, duplicate=True)
        raise
    fsync_dir(uploads_dir)
    fsync_dir(trash_dir)
    return StoredFile(trashed.sha1, trashed.name, target / trashed.name, trashed.size)


def purge_trash(trash_dir: Path) -> list[TrashedFile]:
    """Delete everything in the bin for good (caller holds the lock); return what went.

    Each entry is first renamed to a hidden name (which `list_trash` ignores), so a crash
    midway leaves whole files in the bin or none; leftovers go on the next purge."""
    trash_dir = Path(trash_dir)
    gone = list_trash(trash_dir)
    for trashed in gone:
        os.rename(trashed.path.parent, trash_dir / f"{_PURGE_PREFIX}{trashed.entry}")
    if gone:
        fsync_dir(trash_dir)
    for leftover in trash_dir.glob(f"{_PURGE_PREFIX}*") if trash_dir.is_dir() else []:
        shutil.rmtree(leftover, ignore_errors=True)
    return gone


# ---- the data directory's uploads, locked and logged ---------------------------------------

def add_upload(data_dir: Path, name: str, data: bytes, *, max_bytes: int = ingest.DEFAULT_MAX_BYTES) -> StoredFile:
    """Store an upload in `data_dir` (see `store_upload`) and log it unless it was a duplicate."""
    stored = store_upload(Path(data_dir) / UPLOADS_DIR, name, data, max_bytes=max_bytes)
    if not stored.duplicate:
        log_edit(data_dir, Edit("upload", stored.name, new=f"{stored.size} 字节", target_id=stored.sha1))
    return stored


def delete_upload(data_dir: Path, sha1: str) -> TrashedFile:
    """Move an upload of `data_dir` to its recycle bin, under the lock, and log it."""
    from .locking import data_lock

    data_dir = Path(data_dir)
    with data_lock(data_dir):
        trashed = trash_upload(data_dir / UPLOADS_DIR, data_dir / TRASH_DIR, sha1)
        append_edit(data_dir, Edit("delete", trashed.name, old="语料", new="回收站", target_id=trashed.entry))
    return trashed


def restore_upload(data_dir: Path, entry: str) -> StoredFile:
    """Put a file from the recycle bin back into the corpus, under the lock, and log it."""
    from .locking import data_lock

    data_dir = Path(data_dir)
    with data_lock(data_dir):
        stored = restore_from_trash(data_dir / UPLOADS_DIR, data_dir / TRASH_DIR, entry)
        if not stored.duplicate:
            append_edit(data_dir, Edit("restore", stored.name, old="回收站", new="语料", target_id=stored.sha1))
    return stored


def empty_trash(data_dir: Path) -> list[TrashedFile]:
    """Delete the recycle bin's files for good, under the lock, and log which they were."""
    from .locking import data_lock

    data_dir = Path(data_dir)
    with data_lock(data_dir):
        gone = purge_trash(data_dir / TRASH_DIR)
        if gone:
            append_edit(data_dir, Edit("empty_trash", f"{len(gone)} 个文件", old=[t.name for t in gone],
                                       new=None))
    return gone
