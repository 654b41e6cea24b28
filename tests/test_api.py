"""The Python API (analysis.open_corpus): the CLI's frames, the dashboard's corpus, one door."""
import json

import pandas as pd
import pytest

from analysis import FilterError, open_corpus
from analysis.schema import ARTICLE_COLUMNS

REPO = __import__("pathlib").Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeds():
    return open_corpus([REPO / "seeds"])


def cli_json(*args):
    """The CLI's JSON for `args`, run in this process (tests/test_cli.py runs the real command)."""
    import contextlib
    import io

    from analysis.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main([*args, "--format", "json"]) == 0
    return pd.DataFrame(json.loads(out.getvalue()))


def test_filter_takes_the_cli_and_url_keys_and_values(seeds):
    shanghai = seeds.filter(province="上海", year="2019-2023")
    assert set(shanghai.articles()["province"]) == {"上海市"} and len(shanghai) == 4
    assert len(seeds.filter(province=["上海市", "江苏"])) == len(seeds.filter(province="上海")) + len(seeds.filter(province="江苏"))
    assert len(shanghai.filter(q="职工摄影展")) == 1  # filters narrow a selection further
    with pytest.raises(FilterError, match="普陀"):
        seeds.filter(district="普陀")  # ambiguous short name: the error lists the candidates
    with pytest.raises(FilterError):
        seeds.filter(colour="red")


def test_every_method_returns_exactly_the_cli_columns(seeds, warm_data_dir):
    assert list(seeds.articles().columns) == ARTICLE_COLUMNS
    assert list(seeds.articles(with_text=True).columns) == ARTICLE_COLUMNS + ["text"]
    for frame, args in [
        (seeds.metrics(), ("metrics",)),
        (seeds.terms(by="province", top=5), ("terms", "--by", "province", "--top", "5")),
        (seeds.compare(by="province", a="上海"), ("compare", "--by", "province", "--a", "上海")),
        (seeds.kwic("爱心驿站", window=15, sort="right"), ("kwic", "爱心驿站", "--window", "15", "--sort", "right")),
        (seeds.themes(by="year"), ("themes", "--by", "year")),
    ]:
        cli = cli_json(*args)
        assert list(frame.columns) == list(cli.columns), args
        assert len(frame) == len(cli), args


def test_no_paths_opens_the_dashboards_corpus_with_its_settings_and_corrections(tmp_path):
    from analysis.overrides import make_override, record_override
    from analysis.settings import update_settings
    from analysis.uploads import store_upload

    store_upload(tmp_path / "uploads", "成都.txt", "成都市总工会开展送清凉活动\n本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。\n".encode())
    assert len(open_corpus(data_dir=tmp_path)) == 18  # the 17 seed articles and the upload
    update_settings(tmp_path, hide_seeds=True, stopwords=["送清凉"])
    mine = open_corpus(data_dir=tmp_path)
    assert len(mine) == 1 and "送清凉" not in set(mine.terms()["term"])
    record_override(tmp_path, make_override(mine.articles().iloc[0], year="2021", title="成都送清凉"))
    fixed = open_corpus(data_dir=tmp_path).articles().iloc[0]
    assert (fixed["year"], fixed["title"]) == (2021, "成都送清凉")


def test_a_broken_settings_file_is_a_warning_not_an_error(tmp_path):
    (tmp_path / "settings.json").write_text("{broken", encoding="utf-8")
    corpus = open_corpus([REPO / "seeds"], data_dir=tmp_path)
    assert len(corpus) == 17 and any("settings.json" in w for w in corpus.warnings)


def test_themes_are_kept_per_lexicon_and_follow_lexicon_edits_and_title_corrections(tmp_path, monkeypatch):
    from analysis import api, themes
    from analysis.overrides import make_override, record_override
    from analysis.settings import save_lexicon

    computed = []
    original = themes.carried_frame
    monkeypatch.setattr(api, "carried_frame", lambda a, lexicon, n: computed.append(len(a)) or original(a, lexicon, n))
    first = open_corpus([REPO / "seeds"], data_dir=tmp_path)
    again = open_corpus([REPO / "seeds"], data_dir=tmp_path)
    assert computed == [17]  # the second open read the themes kept for this lexicon
    assert first.articles().shape == again.articles().shape
    assert first.selection["themes"].tolist() == again.selection["themes"].tolist()

    save_lexicon(tmp_path, "min_hits: 1\nthemes:\n  标题主题:\n    - 清凉驿站\n")
    edited = open_corpus([REPO / "seeds"], data_dir=tmp_path)
    assert computed == [17, 17] and set(edited.themes()["theme"]) == {"标题主题"}

    article = edited.articles().iloc[0]
    record_override(tmp_path, make_override(article, title="清凉驿站开放"))
    corrected = open_corpus([REPO / "seeds"], data_dir=tmp_path)
    assert computed == [17, 17, 17]  # a corrected title is matched again
    assert corrected.selection.set_index("article_id").loc[article["article_id"], "themes"] == ("标题主题",)


def test_the_figure_count_of_any_selection_is_the_length_of_its_figures(seeds):
    for selection in (seeds, seeds.filter(province="上海"), seeds.unique(), seeds.filter(year="1990"),
                      seeds.subset(seeds.articles().iloc[[0, 3, 4]])):
        figures = selection.metrics()
        assert selection.metric_count() == len(figures)
        pd.testing.assert_frame_equal(selection.metrics(limit=3), figures.head(3))
        assert set(figures["article_id"]) <= set(selection.articles()["article_id"])
    assert seeds.metric_count() > 0
