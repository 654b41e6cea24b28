"""Texts left on disk (analysis.textdb): an opened corpus holds no text, and reads back
exactly what the build wrote, across row groups, for searches and after a newer build."""
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus, open_corpus, textdb
from analysis.textdb import ON_DISK

SEEDS = __import__("pathlib").Path(__file__).parent.parent / "seeds"


@pytest.fixture
def small_row_groups(monkeypatch):
    monkeypatch.setattr(textdb, "ROW_GROUP", 3)
    from analysis import cache
    monkeypatch.setattr(cache, "TEXT_ROW_GROUP", 3)


def test_texts_read_from_disk_equal_the_texts_in_memory(tmp_path, small_row_groups):
    on_disk = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    in_memory = load_corpus([SEEDS], workers=1)
    assert not set(ON_DISK) & set(on_disk.articles.columns)  # the corpus holds no text
    assert on_disk.texts._frame is None and in_memory.texts._frame is not None
    ids = on_disk.articles["article_id"]
    rng = np.random.default_rng(1)
    for chosen in ([], [0], [len(ids) - 1], list(range(len(ids)))[::-1],
                   *[rng.choice(len(ids), 6, replace=False) for _ in range(4)]):
        wanted = list(ids.iloc[list(chosen)]) + ["000000000000-9"]  # an unknown id: a row of NA
        got = on_disk.texts.of(wanted, ON_DISK)
        pd.testing.assert_frame_equal(got, in_memory.texts.of(wanted, ON_DISK))
        assert got["article_id"].tolist() == wanted and got["text"].isna().tolist() == [False] * len(chosen) + [True]
    for needle in ("网约车", "职工书屋", "不会出现的词"):
        assert on_disk.texts.containing(needle).tolist() == in_memory.texts.containing(needle).tolist()
        assert on_disk.texts.containing(needle).tolist() == \
            [needle in t for t in in_memory.with_texts()["text"]]


def test_search_and_kwic_read_texts_after_a_newer_build_removed_the_snapshot(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    corpus = open_corpus([folder], data_dir=tmp_path / "data")
    lines = corpus.kwic("网约车")
    (folder / "new.txt").write_text("成都职工书屋开放\n本报讯 日前，成都市总工会新建职工书屋45家。\n", encoding="utf-8")
    open_corpus([folder], data_dir=tmp_path / "data")  # prunes the snapshot `corpus` reads
    assert len(list((tmp_path / "data" / "cache").glob("corpus-*"))) == 1
    pd.testing.assert_frame_equal(corpus.kwic("网约车"), lines)
    assert len(corpus.filter(q="网约车司机")) >= 2
    assert "网约车" in corpus.texts(lines["article_id"].iloc[:1])["text"].iloc[0]
