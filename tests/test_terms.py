import re

import pandas as pd

from analysis import load_stopwords, term_table
from analysis.schema import TERM_TABLE_COLUMNS


def test_top_50_terms_on_seeds_are_clean(seed_corpus):
    table = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top=50)
    assert list(table.columns) == TERM_TABLE_COLUMNS
    assert len(table) == 50
    stopwords = load_stopwords()
    for term in table["term"]:
        assert term not in stopwords
        assert len(term) >= 2, term
        assert not re.fullmatch(r"[\d.%]+", term), term
        assert re.search(r"[\u4e00-\u9fffA-Za-z]", term), term


def test_known_top_terms_of_the_seeds(seed_corpus):
    table = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top=20)
    top = table["term"].tolist()
    assert top[0] == "职工"
    assert "劳模工匠" in top and "产业工人" in top


def test_counts_rates_and_document_frequency_on_a_small_text(tmp_path):
    from analysis import load_corpus

    (tmp_path / "a.txt").write_text(
        "职工之家建设\n\n本报讯 今年，某区总工会建成职工之家三家，职工之家成为职工的温馨港湾。\n",
        encoding="utf-8",
    )
    corpus = load_corpus([tmp_path])
    table = term_table(corpus.articles, corpus.terms, stopwords=load_stopwords())
    row = table.set_index("term").loc["职工之家"]
    assert row["count"] == 3  # title once, body twice
    assert row["doc_freq"] == 1
    total = int(corpus.articles["tokens"].sum())
    assert row["rate_per_10k"] == round(3 / total * 10000, 2)


def test_grouping_by_file_gives_one_group_per_file(seed_corpus):
    table = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), by="file", top=5)
    assert set(table["group"]) == set(seed_corpus.articles["file"])
    assert table.groupby("group").size().max() == 5


def test_empty_selection_gives_empty_table(seed_corpus):
    table = term_table(seed_corpus.articles.iloc[0:0], seed_corpus.terms, stopwords=load_stopwords())
    assert table.empty and list(table.columns) == TERM_TABLE_COLUMNS


def test_part_of_speech_filter_keeps_only_that_class(seed_corpus):
    from analysis.segment import pos_class

    nouns = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top=30, pos=("noun",))
    assert len(nouns) == 30 and {pos_class(t) for t in nouns["term"]} == {"noun"}
    assert "职工" in nouns["term"].tolist()
    verbs = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top=10, pos=("verb",))
    assert "职工" not in verbs["term"].tolist() and {pos_class(t) for t in verbs["term"]} == {"verb"}
    orgs = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top=5, pos=("organisation",))
    assert "普陀区总工会" in orgs["term"].tolist()


def test_is_in_matches_pandas_isin_on_string_columns_with_gaps():
    from analysis.terms import is_in

    values = pd.Series(["职工", None, "工会", "职工书屋", ""], dtype="str")
    for wanted in (["职工", "工会"], {"职工书屋", ""}, pd.Series(["工会", None], dtype="str"), []):
        assert is_in(values, wanted).tolist() == values.isin(list(wanted)).tolist()


def test_the_content_mask_follows_the_stopwords_it_was_asked_with():
    from analysis.termdb import TermCounts

    terms = pd.DataFrame({"article_id": ["a-0"] * 3, "term": ["职工", "工会", "2023"], "count": [1, 2, 3]})
    terms = TermCounts.from_frame(terms.astype({"article_id": "str", "term": "str"}), ["a-0"])
    assert terms.content(frozenset()).tolist() == [True, True, False]
    assert terms.content(frozenset({"工会"})).tolist() == [True, False, False]
    assert terms.content(frozenset()).tolist() == [True, True, False]


def test_top_terms_break_ties_at_the_cut_by_name_in_every_group():
    from analysis.termdb import TermCounts

    rows = [("a-0", "职工", 5), ("a-0", "书屋", 3), ("a-0", "工会", 3), ("a-0", "劳模", 3), ("a-0", "驿站", 1),
            ("b-0", "驿站", 4), ("b-0", "工会", 4), ("b-0", "劳模", 2)]
    frame = pd.DataFrame(rows, columns=["article_id", "term", "count"]).astype({"article_id": "str", "term": "str"})
    terms = TermCounts.from_frame(frame, ["a-0", "b-0"])
    articles = pd.DataFrame({"article_id": ["a-0", "b-0"], "province": ["上海市", "浙江省"], "tokens": [15, 10]})
    table = term_table(articles, terms, stopwords=frozenset(), by="province", top=2)
    full = term_table(articles, terms, stopwords=frozenset(), by="province").groupby("group").head(2)
    assert table.values.tolist() == full.values.tolist()
    assert table["term"].tolist() == ["职工", "书屋", "工会", "驿站"]  # ties: 书屋 < 劳模 < 工会, 工会 < 驿站
