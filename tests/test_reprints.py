"""Reprints: copies of one story share a `story`; template look-alikes never do.

The calibration corpus (tests/data/reprints, gold tests/gold/reprints.yaml) was written for
this project: 44 reprint pairs of six kinds (new headline, trimmed, expanded, punctuation,
PDF wrapping, web/WeChat repost) and 12 campaigns of template reports, 6 files each, any two
of which are different events. `python -m bench.reprints` prints the threshold curve."""
from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis import load_corpus, open_corpus, reprints

REPO = Path(__file__).resolve().parent.parent
CALIBRATION = REPO / "tests" / "data" / "reprints"
GOLD = yaml.safe_load((REPO / "tests" / "gold" / "reprints.yaml").read_text(encoding="utf-8"))
DEV_PAIRS = [tuple(Path(p).name for p in pair)
             for pair in yaml.safe_load((REPO / "tests" / "gold" / "dev_reprints.yaml").read_text(encoding="utf-8"))]
# dev2's two reposts are rewrites (a web editor's summary: 0.48 and 0.56 of the text, every figure kept)
DEV2_PAIRS = [("linyi_lanshan_orig.txt", "linyi_lanshan_repost.txt"),
              ("ningbo_jiangbei_orig.txt", "ningbo_jiangbei_repost.txt")]


@pytest.fixture(scope="module")
def calibration():
    return load_corpus([CALIBRATION], workers=1).articles.set_index("file")


def test_every_written_reprint_pair_is_one_story(calibration):
    assert calibration.index.is_unique  # one article per file: each copy was read whole
    stories = calibration["story"]
    missed = [(p["a"], p["b"], p["kind"]) for p in GOLD["reprints"] if stories[p["a"]] != stories[p["b"]]]
    assert len(GOLD["reprints"]) >= 30 and len({p["kind"] for p in GOLD["reprints"]}) >= 5
    assert missed == []  # recall 1.00 (44 of 44) measured


def test_no_two_template_reports_of_one_campaign_are_merged(calibration):
    campaigns: dict[str, set[str]] = {}
    for pair in GOLD["lookalikes"]:
        campaigns.setdefault(pair["campaign"], set()).update([pair["a"], pair["b"]])
    stories = calibration["story"]
    pairs = [pair for files in campaigns.values() for pair in itertools.combinations(sorted(files), 2)]
    assert len(pairs) >= 30
    assert [(a, b) for a, b in pairs if stories[a] == stories[b]] == []


def test_groups_are_exactly_the_written_stories(calibration):
    """No other file joins a story: the groups are the gold's pairs and triples."""
    gold_groups: dict[str, set[str]] = {}
    for pair in GOLD["reprints"]:
        gold_groups.setdefault(pair["a"].rsplit("_", 1)[0], set()).update([pair["a"], pair["b"]])
    found = calibration.reset_index().groupby("story")["file"].agg(set)
    assert sorted(map(sorted, found[found.map(len) > 1])) == sorted(map(sorted, gold_groups.values()))


def test_the_representative_is_the_earliest_dated_copy_else_the_longest():
    articles = pd.DataFrame({
        "article_id": ["a-0", "b-0", "c-0"], "date": ["2021-05-02", "2021-05-01", None], "chars": [900, 500, 1200]})
    text = "本报讯 日前，成都市总工会在天府广场举行户外劳动者服务站点授牌仪式，全市新建站点120个，配备饮水机、微波炉和急救箱。"
    signatures, sizes = reprints.signatures([text * 3] * 3)
    articles = articles.assign(minhash=signatures, shingles=sizes, province="四川省", city="成都市", text=text * 3)
    stories = reprints.story_of(articles)
    assert stories["story"].tolist() == ["b-0"] * 3
    undated = reprints.story_of(articles.assign(date=[None] * 3))
    assert undated["story"].tolist() == ["c-0"] * 3  # all undated: the longest


def test_two_events_from_one_template_differ_in_place_day_or_figures():
    lead = "举行夏季送清凉启动仪式，为高温下坚守岗位的一线职工送去防暑降温用品，共惠及户外劳动者"
    texts = [f"本报讯 6月11日，汉中市总工会{lead}2575名。自2009年以来累计开展活动60场。" * 2,
             f"本报讯 9月11日，汉中市总工会{lead}2364名。自2009年以来累计开展活动60场。" * 2]
    signatures, sizes = reprints.signatures(texts)
    articles = pd.DataFrame({"article_id": ["a-0", "b-0"], "date": [None, None], "chars": [200, 200],
                             "minhash": signatures, "shingles": sizes, "province": "陕西省", "city": "汉中市",
                             "text": texts})
    assert reprints.story_of(articles)["story"].tolist() == ["a-0", "b-0"]  # 6月11日 vs 9月11日
    same_day = articles.assign(text=[t.replace("9月11日", "6月11日") for t in texts])
    assert reprints.story_of(same_day)["story"].tolist() == ["a-0", "a-0"]
    elsewhere = same_day.assign(city=["汉中市", "安康市"])
    assert reprints.story_of(elsewhere)["story"].tolist() == ["a-0", "b-0"]


def test_punctuation_width_spacing_and_wrapping_do_not_change_the_signature():
    text = "本报讯（记者 王晓燕）３月８日，西安市总工会宣布，今年将为全市1.5万名女职工提供免费筛查服务。"
    variant = "本报讯(记者王晓燕)3月8日,西安市总工会宣布,\n今年将为全市1.5万名女职工\n提供免费筛查服务."
    assert reprints.signatures([text])[0] == reprints.signatures([variant])[0]


def test_unique_keeps_one_copy_per_story_and_the_representative_first(tmp_path):
    corpus = open_corpus([REPO / "tests" / "data" / "dev" / "reprint"], data_dir=tmp_path)
    assert len(corpus) == 8 and len(corpus.unique()) == 4 and corpus.unique().folded == 4
    kept = corpus.unique().articles()
    assert (kept["story"] == kept["article_id"]).all()  # the representatives
    reposts = corpus.filter(file=[b for _, b in DEV_PAIRS]).unique()
    assert len(reposts) == 4  # a selection holding only copies keeps one of each
    copies = corpus.copies(kept["article_id"].iloc[0])
    assert len(copies) == 1 and copies["story"].iloc[0] == kept["article_id"].iloc[0]


def test_dev_reposts_and_rewrites_are_found_and_nothing_else_is_merged():
    articles = load_corpus([REPO / "tests" / "data" / "dev", REPO / "tests" / "data" / "dev2"], workers=1).articles
    by_file = articles.groupby("file")["story"].agg(set)
    for a, b in DEV_PAIRS + DEV2_PAIRS:
        assert by_file[a] == by_file[b], (a, b)
    groups = articles.groupby("story").size()
    assert (groups > 1).sum() == len(DEV_PAIRS + DEV2_PAIRS) and groups.max() == 2


def test_reprints_command_lists_groups_with_the_contract_columns(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "reprints", str(REPO / "tests" / "data" / "dev" / "reprint"),
         "--format", "json"], capture_output=True, text=True, cwd=REPO, env={"UNION_DASH_DATA": str(tmp_path),
                                                                            "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    rows = pd.DataFrame(json.loads(result.stdout))
    assert list(rows.columns) == ["story", "article_id", "file", "title", "source", "date", "similarity"]
    assert len(rows) == 8 and rows["story"].nunique() == 4
    first = rows.groupby("story").head(1)
    assert (first["article_id"] == first["story"]).all() and (first["similarity"] == 1).all()
    copies = rows[rows["article_id"] != rows["story"]]
    assert ((copies["similarity"] > 0.5) & (copies["similarity"] < 1)).all()


def test_an_added_copy_joins_its_story_without_reanalysing_the_rest(tmp_path, monkeypatch):
    from collections import OrderedDict

    from analysis import cache, pipeline

    monkeypatch.setattr(cache, "_FILE_CACHE", OrderedDict())  # other tests analysed these files
    folder = tmp_path / "in"
    folder.mkdir()
    original, copy = DEV_PAIRS[0]
    source = REPO / "tests" / "data" / "dev" / "reprint"
    (folder / original).write_bytes((source / original).read_bytes())
    first = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1).articles
    calls = []
    analyse = pipeline.analyse_document
    monkeypatch.setattr(pipeline, "analyse_document", lambda doc, seg: calls.append(doc.name) or analyse(doc, seg))
    (folder / copy).write_bytes((source / copy).read_bytes())
    second = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1).articles
    assert calls == [copy]
    assert second["story"].nunique() == 1 and second["story"].iloc[0] == first["article_id"].iloc[0]


def test_stories_of_an_empty_or_single_article_corpus_are_their_own():
    empty = reprints.story_of(pd.DataFrame(columns=["article_id", "minhash", "shingles", "date", "chars",
                                                    "province", "city", "text"]))
    assert empty.empty
    signatures, sizes = reprints.signatures(["太短"])
    assert sizes == [0] and np.frombuffer(signatures[0], dtype=np.uint32).shape == (reprints.NUM_PERM,)
    shorts = ["简讯一则", "简讯两则", "第三则"]  # too short to have copies: none usable for LSH
    signatures, sizes = reprints.signatures(shorts)
    alone = pd.DataFrame({"article_id": ["a-0", "b-0", "c-0"], "minhash": signatures, "shingles": sizes,
                          "date": None, "chars": 4, "province": None, "city": None, "text": shorts})
    assert reprints.story_of(alone)["story"].tolist() == ["a-0", "b-0", "c-0"]


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("工会职工送清凉１２3a，。 \n𠀀"), max_size=30), max_size=6))
def test_any_texts_get_a_signature_each_and_their_own_story_when_unrelated(texts):
    signatures, sizes = reprints.signatures(texts)
    assert len(signatures) == len(sizes) == len(texts) and all(len(s) == 4 * reprints.NUM_PERM for s in signatures)
    assert all(size >= 0 for size in sizes)
    frame = pd.DataFrame({"article_id": [f"{n:012d}-0" for n in range(len(texts))], "minhash": signatures,
                          "shingles": sizes, "date": None, "chars": [len(t) for t in texts], "province": None,
                          "city": None, "text": texts})
    assert len(reprints.story_of(frame)) == len(texts)
