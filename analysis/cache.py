"""On-disk cache of analysed files, as Parquet (never pickle), keyed by content.

A corpus snapshot (articles, terms, metrics and the per-file keys they were made with) is
keyed by the sorted per-file keys: a warm start reads four Parquet files. When files are
added, removed or changed, or the dictionary changes, the last snapshot still provides
every file whose keys match (see corpus._reusable), so only the rest is analysed. Each
snapshot is written into a temporary directory and renamed into place, so a reader never
sees half of one; one that cannot be read is deleted and rebuilt.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

PARTS = ("articles", "terms", "metrics")
# A corpus snapshot also stores how each file decoded ("files") and the per-file keys.
SNAPSHOT_PARTS = PARTS + ("files", "keys")


class CacheMiss(Exception):
    """No usable entry (absent, or unreadable and now removed)."""


def entry_key(sha1: str, engine_version: str, dictionary_key: str) -> str:
    return f"{sha1}-{engine_version}-{dictionary_key}"


def snapshot_key(keys: list[str]) -> str:
    return "corpus-" + hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()


def read(cache_dir: Path, key: str, *, parts: tuple[str, ...] = PARTS) -> dict[str, pd.DataFrame]:
    """The frames of one entry; CacheMiss when absent or damaged (damaged ones are removed)."""
    folder = Path(cache_dir) / key
    if not folder.is_dir():
        raise CacheMiss(key)
    try:
        return {part: pd.read_parquet(folder / f"{part}.parquet") for part in parts}
    except Exception as err:  # noqa: BLE001 - any unreadable entry is rebuilt, never shown
        shutil.rmtree(folder, ignore_errors=True)
        raise CacheMiss(f"{key}: {err}") from err


def write(cache_dir: Path, key: str, frames: dict[str, pd.DataFrame], *,
          parts: tuple[str, ...] = PARTS) -> None:
    """Store one entry atomically; a failure (disk full, read-only) leaves the cache as it was."""
    cache_dir = Path(cache_dir)
    target = cache_dir / key
    if target.is_dir():
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key[:16]}-", dir=cache_dir))
    try:
        for part in parts:
            frames[part].to_parquet(staging / f"{part}.parquet", index=False)
        for path in staging.iterdir():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        os.rename(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not target.is_dir():
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_snapshot(cache_dir: Path, key: str, analysis_keys: list[str], token_keys: list[str],
                   frames: dict[str, pd.DataFrame]) -> None:
    """Store the corpus snapshot with its per-file keys, for reuse when files change."""
    keys = pd.DataFrame({"analysis_key": list(analysis_keys), "token_key": list(token_keys)})
    write(cache_dir, key, dict(frames, keys=keys), parts=SNAPSHOT_PARTS)


def latest_snapshot(cache_dir: Path) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]] | None:
    """The most recent corpus snapshot (its per-file keys and frames), or None."""
    cache_dir = Path(cache_dir)
    if not cache_dir.is_dir():
        return None
    snapshots = sorted((p for p in cache_dir.iterdir() if p.name.startswith("corpus-")),
                       key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in snapshots:
        try:
            frames = read(cache_dir, folder.name, parts=SNAPSHOT_PARTS)
        except CacheMiss:
            continue
        return frames.pop("keys"), frames
    return None


def prune(cache_dir: Path, keep: set[str]) -> None:
    """Remove corpus snapshots not in `keep` (file entries stay: they are cheap to keep)."""
    cache_dir = Path(cache_dir)
    if not cache_dir.is_dir():
        return
    for folder in cache_dir.iterdir():
        if folder.name.startswith("corpus-") and folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
