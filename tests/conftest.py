"""Shared fixtures: the seed corpus (built once) and a temporary data directory."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis import load_corpus

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def seed_corpus():
    return load_corpus([SEEDS])


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory):
    """A data directory whose cache holds the analysed seeds (built once per test run)."""
    from analysis import open_corpus

    home = tmp_path_factory.mktemp("seed-cache")
    open_corpus([SEEDS], data_dir=home)
    return home / "cache"


@pytest.fixture
def warm_data_dir(temp_data_dir, seed_cache):
    """The test's data directory with the seeds' analysis already cached: a CLI process then
    reads the snapshot instead of splitting and segmenting the seeds again (~4 s each)."""
    import shutil

    shutil.copytree(seed_cache, temp_data_dir / "cache")
    return temp_data_dir


@pytest.fixture(autouse=True)
def temp_data_dir(tmp_path, monkeypatch):
    """Every test gets its own data directory; nothing touches data/ or seeds/. No editor
    password from the caller's environment applies (tests that want one set it)."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("UNION_DASH_DATA", str(data))
    monkeypatch.delenv("UNION_DASH_PASSWORD", raising=False)
    return data
