from analysis import load_stopwords
from analysis.terms import term_trends
from analysis.topics import cooccurrence, discover_topics


def test_topics_are_deterministic_and_made_of_content_terms(seed_corpus):
    words, weights = discover_topics(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), n_topics=4)
    again, _ = discover_topics(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), n_topics=4)
    assert words.equals(again)
    assert set(words["topic"]) == {1, 2, 3, 4} and (words.groupby("topic").size() == 10).all()
    assert not set(words["term"]) & load_stopwords()
    sums = weights.groupby("article_id")["weight"].sum()
    assert ((sums - 1).abs() < 1e-6).all()


def test_cooccurrence_pmi_is_log2_of_observed_over_expected(seed_corpus):
    pairs = cooccurrence(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top_terms=40)
    row = pairs.iloc[0]
    n_docs = seed_corpus.terms.frame()["article_id"].nunique()
    import math
    assert row["pmi"] == round(math.log2(row["together"] * n_docs / (row["count_a"] * row["count_b"])), 4)
    assert row["together"] <= min(row["count_a"], row["count_b"]) <= n_docs
    assert (pairs["together"] >= 2).all()


def test_trends_report_articles_per_year(seed_corpus):
    trends = term_trends(seed_corpus.articles, seed_corpus.terms, ["劳模"])
    assert set(trends["year"]) == set(seed_corpus.articles["year"].dropna().astype(int))
    per_year = seed_corpus.articles.groupby("year").size()
    for row in trends.itertuples():
        assert row.articles == per_year[row.year]
