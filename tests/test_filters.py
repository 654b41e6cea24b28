import pytest

from analysis import FilterError, Filters, apply_filters, parse_year
from analysis.filters import filters_from_params, filters_to_params


@pytest.mark.parametrize("spec, span", [("2023", (2023, 2023)), ("2019-2023", (2019, 2023)), ("2023-2019", (2019, 2023))])
def test_year_specs(spec, span):
    assert parse_year(spec) == span


def test_bad_year_is_a_chinese_error():
    with pytest.raises(FilterError, match="年份格式"):
        parse_year("去年")


def test_params_resolve_short_names_and_round_trip():
    filters = filters_from_params({"province": ["上海", "江苏"], "year": ["2019-2023"], "q": ["职工"]})
    assert filters.province == ("上海市", "江苏省")
    assert filters.year == (2019, 2023)
    assert filters_to_params(filters) == {
        "province": ["上海市", "江苏省"], "year": ["2019-2023"], "q": ["职工"],
    }


def test_ambiguous_district_in_params_is_an_error_unless_city_given():
    with pytest.raises(FilterError, match="普陀区（上海市）"):
        filters_from_params({"district": ["普陀"]})
    assert filters_from_params({"city": ["舟山"], "district": ["普陀"]}).district == ("普陀区",)


def test_file_and_keyword_filters_on_seeds(seed_corpus):
    articles = seed_corpus.articles
    one = apply_filters(articles, Filters(file=("001_30390a7628cb219f.txt",)))
    assert set(one["file"]) == {"001_30390a7628cb219f.txt"}
    hits = apply_filters(articles, Filters(q="网约车司机"), texts=seed_corpus.texts)  # texts read from disk
    assert len(hits) >= 2
    with_text = seed_corpus.texts.attach(hits)
    assert all("网约车司机" in t or "网约车司机" in b for t, b in zip(with_text["title"], with_text["text"]))
    in_frame = apply_filters(seed_corpus.with_texts(), Filters(q="网约车司机"))  # a frame that holds its text
    assert in_frame["article_id"].tolist() == hits["article_id"].tolist()
    assert apply_filters(articles, Filters()).shape == articles.shape


def test_unknown_years_are_kept_without_year_filter_and_dropped_with_it():
    import pandas as pd

    articles = pd.DataFrame(
        {
            "article_id": ["a-0", "a-1", "a-2"],
            "title": ["甲", "乙", "丙"],
            "text": ["", "", ""],
            "province": ["上海市", "江苏省", None],
            "city": [None, None, None],
            "district": [None, None, None],
            "file": ["a.txt"] * 3,
            "year": pd.array([2019, None, 2023], dtype="Int64"),
        }
    )
    assert len(apply_filters(articles, Filters())) == 3
    assert apply_filters(articles, Filters(year=(2023, 2023)))["article_id"].tolist() == ["a-2"]
    assert apply_filters(articles, Filters(year=(2019, 2023)))["article_id"].tolist() == ["a-0", "a-2"]
    assert apply_filters(articles, Filters(province=("上海市",)))["article_id"].tolist() == ["a-0"]
