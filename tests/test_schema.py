"""Every frame the engine returns has exactly the columns and dtypes `schema` declares,
with rows and without, on the seed corpus."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import load_corpus, load_stopwords
from analysis.compare import compare_groups, keyness_by_group
from analysis.kwic import keyword_in_context
from analysis.metrics import summarise_metrics
from analysis.places import region_counts
from analysis.schema import FRAMES, columns, dtypes, typed_frame
from analysis.terms import term_table, term_trends
from analysis.themes import load_lexicon, theme_hits, theme_shares, with_themes
from analysis.topics import cooccurrence, discover_topics

CORPUS_FRAMES = ("articles", "terms", "metrics", "files")


@pytest.fixture(scope="module")
def seeds(seed_corpus):
    lexicon, min_hits = load_lexicon(None)
    return SimpleNamespace(articles=with_themes(seed_corpus.with_texts(), lexicon, min_hits), terms=seed_corpus.terms,
                           metrics=seed_corpus.metrics.frame(), lexicon=lexicon, stopwords=load_stopwords())


def summary(s, articles, by):
    figures = s.metrics[s.metrics["article_id"].isin(articles["article_id"])]
    if by:
        figures = figures.merge(articles[["article_id", by]], on="article_id")
    return summarise_metrics(figures, group_of=by)


# (frame, by, producer of the frame for a selection of the seed articles)
CASES = [
    ("term_table", None, lambda s, a: term_table(a, s.terms, stopwords=s.stopwords)),
    ("term_table", "province", lambda s, a: term_table(a, s.terms, stopwords=s.stopwords, by="province", top=5)),
    ("term_table", "year", lambda s, a: term_table(a, s.terms, stopwords=s.stopwords, by="year", top=5)),
    ("term_trends", None, lambda s, a: term_trends(a, s.terms, ["职工", "工会"])),
    ("compare", None, lambda s, a: compare_groups(a, s.terms, by="province", a=["上海市"], stopwords=s.stopwords)),
    ("keyness_by_group", "province", lambda s, a: keyness_by_group(a, s.terms, by="province", stopwords=s.stopwords)),
    ("keyness_by_group", "year", lambda s, a: keyness_by_group(a, s.terms, by="year", stopwords=s.stopwords)),
    ("kwic", None, lambda s, a: keyword_in_context(a, "职工", sort="left")),
    ("themes", None, lambda s, a: theme_shares(a, list(s.lexicon))),
    ("themes", "province", lambda s, a: theme_shares(a, list(s.lexicon), by="province")),
    ("themes", "year", lambda s, a: theme_shares(a, list(s.lexicon), by="year")),
    ("themes", "article", lambda s, a: theme_shares(a, list(s.lexicon), by="article")),
    ("theme_hits", None, lambda s, a: theme_hits(a, s.lexicon)),
    ("topics", None, lambda s, a: discover_topics(a, s.terms, stopwords=s.stopwords)[0]),
    ("article_topics", None, lambda s, a: discover_topics(a, s.terms, stopwords=s.stopwords)[1]),
    ("cooccurrence", None, lambda s, a: cooccurrence(a, s.terms, stopwords=s.stopwords)),
    ("metric_summary", None, lambda s, a: summary(s, a, None)),
    ("metric_summary", "province", lambda s, a: summary(s, a, "province")),
    ("metric_summary", "year", lambda s, a: summary(s, a, "year")),
    ("region_counts", None, lambda s, a: region_counts(a)),
    ("region_counts", None, lambda s, a: region_counts(a, within="上海")),
]
IDS = [f"{name}-{by}" if by else name for name, by, _ in CASES]


def assert_schema(frame: pd.DataFrame, name: str, by: str | None = None) -> None:
    assert list(frame.columns) == columns(name)
    assert frame.dtypes.to_dict() == dtypes(name, by=by)


def test_every_declared_frame_has_a_producer_here():
    assert {name for name, _, _ in CASES} | set(CORPUS_FRAMES) == set(FRAMES)


@pytest.mark.parametrize("name, by, produce", CASES, ids=IDS)
def test_frame_matches_schema(seeds, name, by, produce):
    frame = produce(seeds, seeds.articles)
    assert len(frame) > 0
    assert_schema(frame, name, by)


@pytest.mark.parametrize("name, by, produce", CASES, ids=IDS)
def test_empty_frame_matches_schema(seeds, name, by, produce):
    frame = produce(seeds, seeds.articles.iloc[:0])
    assert frame.empty
    assert_schema(frame, name, by)


def test_kwic_of_a_blank_term_matches_schema(seeds):
    assert_schema(keyword_in_context(seeds.articles, "  "), "kwic")


def corpus_frame(corpus, name):
    """A corpus frame; the term counts and figures (kept on disk) as their rows; the
    articles with the columns read on demand put back in their declared places."""
    from analysis.textdb import ON_DISK

    frame = getattr(corpus, name)
    if name == "articles":
        held = [c for c in columns("articles") if c not in ON_DISK]
        assert list(frame.columns) == held  # what an opened corpus holds: all but the texts, in order
        return corpus.with_texts(ON_DISK)[columns("articles")]
    return frame.frame() if name in ("terms", "metrics") else frame


@pytest.mark.parametrize("name", CORPUS_FRAMES)
def test_corpus_frame_matches_schema(seed_corpus, name):
    frame = corpus_frame(seed_corpus, name)
    assert len(frame) > 0
    assert_schema(frame, name)


@pytest.mark.parametrize("name", CORPUS_FRAMES)
def test_empty_corpus_frame_matches_schema(tmp_path, name):
    frame = corpus_frame(load_corpus([tmp_path]), name)
    assert frame.empty
    assert_schema(frame, name)


@pytest.mark.parametrize("name", CORPUS_FRAMES)
def test_corpus_frame_survives_parquet(seed_corpus, tmp_path, name):
    frame = typed_frame(name, corpus_frame(seed_corpus, name))
    frame.to_parquet(tmp_path / "frame.parquet", index=False)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "frame.parquet"), frame)


@pytest.mark.parametrize("name", list(FRAMES))
def test_declarations_are_complete(name):
    names = columns(name)
    assert len(set(names)) == len(names)
    assert all(column.meaning.strip() and column.dtype is not None for column in FRAMES[name])


@pytest.mark.parametrize("name", list(FRAMES))
@pytest.mark.parametrize("empty", [None, [], {}, pd.DataFrame()], ids=["none", "rows", "columns", "frame"])
def test_typed_frame_of_nothing_has_declared_dtypes(name, empty):
    frame = typed_frame(name, empty)
    assert frame.empty
    assert_schema(frame, name)


@pytest.mark.parametrize("name", list(FRAMES))
def test_declared_dtypes_survive_parquet(tmp_path, name):
    typed_frame(name).to_parquet(tmp_path / "frame.parquet", index=False)
    assert_schema(pd.read_parquet(tmp_path / "frame.parquet"), name)


def test_typed_frame_of_rows_converts_and_keeps_unknowns():
    rows = [("3fa9c1d2e4b0-0", "a.txt", "seeds/a.txt", "标题", None, None, None, None, "上海市", "上海市", None,
             "310000", 31.2, 121.5, 2023, "上海×2", None, 120, "3fa9c1d2e4b0-0", "正文", "", "", 40, "3fa9c1d2e4b0" + "0" * 28,
             0, b"\x00" * 512, 60, 1.0, "9" * 40),
            ("3fa9c1d2e4b0-1", "a.txt", "seeds/a.txt", "无名", None, None, None, None, None, None, None,
             None, None, None, None, None, None, 8, "3fa9c1d2e4b0-0", "短文", "", "", 3, "3fa9c1d2e4b0" + "0" * 28,
             1, b"\x00" * 512, 2, 0.9, None)]
    frame = typed_frame("articles", rows)
    assert_schema(frame, "articles")
    assert frame["year"].tolist() == [2023, pd.NA] and frame["lat"].isna().tolist() == [False, True]
    assert frame["province"].isna().tolist() == [False, True] and frame["adcode"].iloc[0] == "310000"
    assert frame["story"].tolist() == ["3fa9c1d2e4b0-0"] * 2 and frame["minhash"].map(len).tolist() == [512, 512]
    assert frame["text_key"].isna().tolist() == [False, True]


def test_typed_frame_of_dicts_columns_and_frames():
    from_dicts = typed_frame("theme_hits", [{"in_title": 1, "theme": "劳模工匠", "hits": 2, "article_id": "a-0"}])
    assert_schema(from_dicts, "theme_hits")
    assert from_dicts.iloc[0].tolist() == ["a-0", "劳模工匠", 2, True]
    from_columns = typed_frame("terms", {"count": [3.0, 1.0], "term": ["职工", "工会"], "article_id": ["a-0", "a-0"],
                                         "extra": [0, 0]})
    assert_schema(from_columns, "terms")
    assert from_columns["count"].tolist() == [3, 1]
    shuffled = pd.DataFrame({"articles": ["2", "5"], "adcode": [310000, 330000], "name": ["上海市", "浙江省"]},
                            index=[7, 3])
    from_frame = typed_frame("region_counts", shuffled)
    assert_schema(from_frame, "region_counts")
    assert from_frame.index.tolist() == [0, 1] and from_frame["adcode"].tolist() == ["310000", "330000"]


def test_typed_frame_groups_by_year_as_integers():
    frame = typed_frame("themes", [("2023", "劳模工匠", 0.5, 1)], by="year")
    assert_schema(frame, "themes", by="year")
    assert frame["group"].dtype == "int64" and frame["group"].iloc[0] == 2023


def test_typed_frame_refuses_a_frame_missing_a_column():
    with pytest.raises(KeyError):
        typed_frame("terms", {"article_id": ["a-0"], "term": ["职工"]})
