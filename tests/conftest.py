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


@pytest.fixture(autouse=True)
def temp_data_dir(tmp_path, monkeypatch):
    """Every test gets its own data directory; nothing touches data/ or seeds/."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("UNION_DASH_DATA", str(data))
    return data
