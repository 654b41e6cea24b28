"""User corrections: stored atomically, matched by id then title, orphans never misapplied."""
import json
import os

import pandas as pd
import pytest

from analysis import open_corpus
from analysis.overrides import (
    Override, OverrideError, apply_overrides, load_overrides, make_override, save_overrides, upsert,
)

PAGE_V1 = """成都市总工会开展送清凉活动
本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。
绵阳职工书屋覆盖全部乡镇
本报讯 绵阳市总工会今年新建职工书屋45家。
"""


def corpus_of(tmp_path, text, name="page.txt", overrides=None):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_text(text, encoding="utf-8")
    home = tmp_path / "data"
    home.mkdir(exist_ok=True)
    save_overrides(home / "overrides.json", overrides or [])
    return open_corpus([folder], data_dir=home).frames


def test_override_by_id_changes_region_year_and_evidence(tmp_path):
    corpus = corpus_of(tmp_path, PAGE_V1)
    article = corpus.articles.iloc[1]
    override = make_override(article, province="四川", city="绵阳", district="涪城", year="2022")
    assert (override.province, override.city, override.district) == ("四川省", "绵阳市", "涪城区")
    fixed = corpus_of(tmp_path, PAGE_V1, overrides=[override]).articles.iloc[1]
    assert (fixed["province"], fixed["city"], fixed["district"], fixed["year"]) == ("四川省", "绵阳市", "涪城区", 2022)
    assert fixed["region_evidence"].startswith("人工更正") and fixed["adcode"] == "510703"


def test_override_follows_its_title_when_ids_move_and_orphans_are_reported(tmp_path):
    corpus = corpus_of(tmp_path, PAGE_V1)
    second = corpus.articles.iloc[1]
    override = make_override(second, year=2020)
    # Same file, but the id now points at the first article (as if the splitter changed).
    moved = Override(article_id="000000000000-9", file=second["file"], title=second["title"], year=2020)
    articles, orphans = apply_overrides(corpus.articles, [moved])
    assert orphans == [] and articles.iloc[1]["year"] == 2020 and pd.isna(articles.iloc[0]["year"])
    lost = Override(article_id="000000000000-9", file="other.txt", title="不存在的标题", year=2001)
    fixed = corpus_of(tmp_path, PAGE_V1, overrides=[override, lost])
    assert 2001 not in set(fixed.articles["year"].dropna())
    assert any("不存在的标题" in w for w in fixed.warnings)


def test_ambiguous_or_unknown_names_are_refused(tmp_path):
    article = corpus_of(tmp_path, PAGE_V1).articles.iloc[0]
    with pytest.raises(OverrideError, match="有歧义"):
        make_override(article, province="", city="", district="鼓楼")
    with pytest.raises(OverrideError, match="年份"):
        make_override(article, year="去年")


def test_save_is_atomic_and_roundtrips(tmp_path):
    (tmp_path / "store").mkdir()
    tmp_path = tmp_path / "store"
    path = tmp_path / "overrides.json"
    first = Override(article_id="a-0", file="a.txt", title="甲", year=2020)
    save_overrides(path, [first])
    save_overrides(path, upsert(load_overrides(path), Override(article_id="a-0", file="a.txt", title="甲", year=2021)))
    assert [o.year for o in load_overrides(path)] == [2021]
    assert [p.name for p in tmp_path.iterdir()] == ["overrides.json"]  # no temp files left


def test_a_crash_before_rename_leaves_the_old_file(tmp_path, monkeypatch):
    (tmp_path / "store").mkdir()
    tmp_path = tmp_path / "store"
    path = tmp_path / "overrides.json"
    save_overrides(path, [Override(article_id="a-0", file="a.txt", title="甲", year=2020)])
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        save_overrides(path, [Override(article_id="a-0", file="a.txt", title="甲", year=1999)])
    assert [o.year for o in load_overrides(path)] == [2020]
    assert [p.name for p in tmp_path.iterdir()] == ["overrides.json"]


def test_broken_file_is_reported_not_replaced(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(OverrideError, match="无法读取"):
        load_overrides(path)
    assert path.read_text(encoding="utf-8") == "{not json"


def test_cli_applies_overrides_from_the_data_directory(tmp_path, temp_data_dir):
    import subprocess
    import sys
    from pathlib import Path

    corpus = corpus_of(tmp_path, PAGE_V1)
    save_overrides(temp_data_dir / "overrides.json", [make_override(corpus.articles.iloc[0], year=2015)])
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "articles", str(tmp_path / "in"), "--format", "json"],
        capture_output=True, text=True, cwd=Path(__file__).parent.parent, env=dict(os.environ),
    )
    records = json.loads(result.stdout)
    assert records[0]["year"] == 2015 and records[0]["year_evidence"].startswith("人工更正")


def test_a_headline_can_be_corrected_and_later_corrections_keep_earlier_ones(tmp_path):
    corpus = corpus_of(tmp_path, PAGE_V1)
    second = corpus.articles.iloc[1]
    titled = make_override(second, title=" 绵阳：职工书屋  覆盖全部乡镇 ")
    assert titled.new_title == "绵阳：职工书屋 覆盖全部乡镇" and titled.title == second["title"]
    fixed = corpus_of(tmp_path, PAGE_V1, overrides=[titled]).articles.iloc[1]
    assert fixed["title"] == "绵阳：职工书屋 覆盖全部乡镇"
    # A year correction made later on the retitled article keeps the headline correction,
    # and the override still carries the title the engine read (for matching when ids move).
    later = make_override(fixed, year="2021")
    merged = upsert([titled], later)
    assert len(merged) == 1
    assert (merged[0].title, merged[0].new_title, merged[0].year) == (second["title"], titled.new_title, 2021)
    with pytest.raises(OverrideError):
        make_override(second, title="   ")
