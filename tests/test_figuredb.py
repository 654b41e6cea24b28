"""Figures left on disk (analysis.figuredb): any selection reads back exactly the rows the
in-memory frame holds, across row groups, after renames and after a newer build."""
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis import figuredb, load_corpus

SEEDS = __import__("pathlib").Path(__file__).parent.parent / "seeds"


@pytest.fixture
def small_row_groups(monkeypatch):
    monkeypatch.setattr(figuredb, "ROW_GROUP", 7)  # the seeds' figures in many row groups


def test_any_selection_reads_the_same_figures_from_disk_as_from_memory(tmp_path, small_row_groups):
    on_disk = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    in_memory = load_corpus([SEEDS], workers=1)
    assert on_disk.metrics._frame is None and in_memory.metrics._frame is not None
    ids = on_disk.articles["article_id"]
    rng = np.random.default_rng(0)
    for chosen in ([], [0], [len(ids) - 1], list(range(len(ids))), *[rng.choice(len(ids), k, replace=False)
                                                                     for k in (2, 5, 9) for _ in range(3)]):
        rows = on_disk.terms.rows_of(ids.iloc[sorted(chosen)])
        figures = on_disk.metrics.select(rows)
        pd.testing.assert_frame_equal(figures, in_memory.metrics.select(rows))
        assert on_disk.metrics.count(rows) == len(figures)
        pd.testing.assert_frame_equal(on_disk.metrics.select(rows, limit=3), figures.head(3))
        assert set(figures["article_id"]) <= set(ids.iloc[sorted(chosen)])


def test_figures_name_the_file_as_it_is_called_now_and_outlive_their_snapshot(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    first = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    before = first.metrics.frame()
    name = sorted(folder.iterdir())[0].name
    (folder / name).rename(folder / f"改名{name}")
    (folder / "new.txt").write_text("成都职工书屋开放\n本报讯 日前，成都市总工会新建职工书屋45家。\n", encoding="utf-8")
    renamed = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)  # prunes the first snapshot
    assert f"改名{name}" in set(renamed.metrics.frame()["file"]) and name not in set(renamed.metrics.frame()["file"])
    pd.testing.assert_frame_equal(first.metrics.frame(), before)
