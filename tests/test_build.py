"""`build`: the per-file analysis as Dask tasks writes the same snapshot as a local build."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from analysis import cache, load_corpus, pipeline

REPO = Path(__file__).resolve().parent.parent
PATHS = [REPO / "seeds", REPO / "tests" / "data" / "dev"]


def build(data_dir: Path, *options: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, UNION_DASH_DATA=str(data_dir))
    return subprocess.run([sys.executable, "-m", "analysis", "build", *map(str, PATHS), *options],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=300)


def test_a_build_on_a_two_worker_local_cluster_writes_the_local_builds_snapshot(tmp_path, monkeypatch):
    built = build(tmp_path / "data", "--dask", "local", "--workers", "2")
    assert built.returncode == 0, built.stderr
    assert "已构建：" in built.stderr and "篇文章（Dask 集群 local" in built.stderr
    local = load_corpus(PATHS, cache_dir=tmp_path / "local", workers=1)
    # Reading what the cluster built analyses nothing: the snapshot holds every file.
    monkeypatch.setattr(cache, "_FILE_CACHE", OrderedDict())
    monkeypatch.setattr(pipeline, "analyse_document", lambda *a: (_ for _ in ()).throw(AssertionError("analysed")))
    on_cluster = load_corpus(PATHS, cache_dir=tmp_path / "data" / "cache", workers=1)
    assert len(on_cluster.articles) == len(local.articles) == 92
    for part in ("articles", "files"):
        pd.testing.assert_frame_equal(getattr(local, part), getattr(on_cluster, part), obj=part)
    for part in ("terms", "metrics"):
        pd.testing.assert_frame_equal(getattr(local, part).frame(), getattr(on_cluster, part).frame(), obj=part)
    assert local.warnings == on_cluster.warnings


def test_a_cluster_that_cannot_be_reached_is_a_clear_error(tmp_path):
    result = build(tmp_path / "data", "--dask", "nonsense://nowhere")
    assert result.returncode == 2 and "错误：无法连接 Dask 集群 nonsense://nowhere" in result.stderr
