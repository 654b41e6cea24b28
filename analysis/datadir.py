"""Where the user's data lives: uploads, overrides, settings and the cache (never `seeds/`)."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
ENV_VAR = "UNION_DASH_DATA"


def data_dir() -> Path:
    """The data directory: `$UNION_DASH_DATA`, else `data/` in the repository."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured).expanduser().resolve() if configured else REPO_ROOT / "data"


def uploads_dir() -> Path:
    """Where uploaded files are stored (by content hash)."""
    return data_dir() / "uploads"


def trash_dir() -> Path:
    """The recycle bin: deleted uploads, until the bin is emptied."""
    return data_dir() / "trash"


def corpus_paths(*, include_seeds: bool = True) -> list[Path]:
    """The inputs of the dashboard's corpus: the bundled seeds and the user's uploads."""
    paths = [SEEDS_DIR] if include_seeds else []
    uploads = uploads_dir()
    if uploads.is_dir():
        paths.append(uploads)
    return paths


def cache_dir() -> Path:
    """The analysis cache (Parquet), inside the data directory."""
    return data_dir() / "cache"
