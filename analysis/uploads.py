"""The user's uploaded files, stored by content hash inside the data directory.

Each upload lives at `uploads/<sha1>/<clean name>`: the hash makes duplicates obvious and
the directory is renamed into place in one step, so a crash leaves either nothing or the
whole file. Names are cleaned of paths, control characters and reserved characters.
Files are checked (size, encoding, not binary, not empty) before anything is written.
A .zip is stored whole, as one upload, after its structure is checked (not a bomb, at least
one .txt/.docx/.pdf member); the corpus reads it as a folder of its members, each member's
problems reported as the corpus is read, and deleting it removes all of them.
"""
from __future__ import annotations

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
    """Delete one stored upload by its hash."""
    if not re.fullmatch(r"[0-9a-f]{40}", sha1):
        raise UploadError("无效的文件标识")
    target = Path(uploads_dir) / sha1
    if target.is_dir():
        shutil.rmtree(target)
