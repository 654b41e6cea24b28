"""Keyness: G² and p-values as a textbook test computes them, and the ranking on the seeds."""
import pandas as pd
import pytest
from scipy.stats import chi2, chi2_contingency

from analysis import load_stopwords
from analysis.compare import compare_groups, keyness, log_likelihood, p_value


@pytest.mark.parametrize("a, b, total_a, total_b", [(16, 0, 1821, 7770), (13, 3, 1821, 7770), (5, 40, 2000, 9000), (120, 110, 5000, 5200)])
def test_g2_and_p_match_scipy_log_likelihood_contingency_test(a, b, total_a, total_b):
    table = [[a, b], [total_a - a, total_b - b]]
    g2, p, dof, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert log_likelihood(a, b, total_a, total_b) == pytest.approx(g2, rel=1e-9)
    assert p_value(g2) == pytest.approx(chi2.sf(g2, 1), rel=1e-9)


def test_signed_score_and_log_ratio_on_a_small_table():
    table = keyness(pd.Series({"驿站": 10, "职工": 20}), pd.Series({"驿站": 1, "职工": 20}), 1000, 1000, min_count=1)
    top = table.iloc[0]
    assert top["term"] == "驿站" and top["score"] > 0
    assert top["log_ratio"] == pytest.approx(3.322, abs=1e-3)  # log2(10/1)
    assert table.set_index("term").loc["职工", "score"] == 0


def test_shanghai_against_the_rest_ranks_shanghai_words_first(seed_corpus):
    table = compare_groups(seed_corpus.articles, seed_corpus.terms, by="province", a=["上海市"],
                           stopwords=load_stopwords())
    top = table.head(10)
    assert (top["score"] > 0).all() and (top["p_value"] < 0.001).all()
    articles = seed_corpus.with_texts()
    shanghai_text = " ".join(articles.loc[articles["province"] == "上海市", "text"])
    rest_text = " ".join(articles.loc[articles["province"] != "上海市", "text"])
    for term in top["term"]:
        assert shanghai_text.count(term) > rest_text.count(term), term
    assert "上海" in top["term"].tolist()[:3]


def test_min_count_drops_rare_terms(seed_corpus):
    table = compare_groups(seed_corpus.articles, seed_corpus.terms, by="province", a=["上海市"],
                           stopwords=load_stopwords(), min_count=10)
    assert ((table["count_a"] + table["count_b"]) >= 10).all()


def test_explicit_b_group(seed_corpus):
    table = compare_groups(seed_corpus.articles, seed_corpus.terms, by="province", a=["江苏省"], b=["江西省"],
                           stopwords=load_stopwords())
    assert table.iloc[0]["count_a"] > 0 and table.iloc[-1]["count_b"] > 0


def test_seed_comparison_p_values_reproduce_with_scipy(seed_corpus):
    table = compare_groups(seed_corpus.articles, seed_corpus.terms, by="province", a=["上海市"],
                           stopwords=load_stopwords())
    articles = seed_corpus.articles
    total_a = int(articles.loc[articles["province"] == "上海市", "tokens"].sum())
    total_b = int(articles.loc[articles["province"] != "上海市", "tokens"].sum())
    for row in table.head(20).itertuples():
        g2, p, _, _ = chi2_contingency(
            [[row.count_a, row.count_b], [total_a - row.count_a, total_b - row.count_b]],
            correction=False, lambda_="log-likelihood",
        )
        assert abs(row.score) == pytest.approx(g2, abs=1e-3)
        assert row.p_value == pytest.approx(p, rel=1e-6)
