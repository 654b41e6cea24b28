"""Keyness: which terms are over-represented in one group of articles against another.

Log-likelihood G² (Dunning 1993) on the full 2×2 table (term vs. other tokens, A vs. B), so
that scipy's `chi2_contingency(table, lambda_="log-likelihood", correction=False)` gives
the same statistic; with the log ratio effect size (Hardie 2014). The score is G² signed by
direction (positive = over-represented in A); the p-value is that of χ² with one degree of
freedom, erfc(√(G²/2)). Zero counts use 0.5 in the log ratio only.
"""
from __future__ import annotations

import math

import pandas as pd

from .schema import typed_frame
from .terms import content_mask, is_in


def log_likelihood(a: float, b: float, total_a: float, total_b: float) -> float:
    """G² of the 2×2 table [[a, b], [total_a − a, total_b − b]]."""
    observed = (a, b, total_a - a, total_b - b)
    n = total_a + total_b
    row_term, row_other = a + b, n - a - b
    expected = (
        row_term * total_a / n, row_term * total_b / n,
        row_other * total_a / n, row_other * total_b / n,
    )
    return 2.0 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o > 0)


def p_value(g2: float) -> float:
    """Upper tail of χ²(1) at G²."""
    return math.erfc(math.sqrt(max(g2, 0.0) / 2.0))


def keyness(counts_a: pd.Series, counts_b: pd.Series, total_a: int, total_b: int,
            *, min_count: int = 3) -> pd.DataFrame:
    """Keyness table for two term-count Series (index = term), sorted by signed G²."""
    frame = pd.concat([counts_a.rename("count_a"), counts_b.rename("count_b")], axis=1).fillna(0)
    frame = frame[(frame["count_a"] + frame["count_b"]) >= min_count]
    if frame.empty or total_a == 0 or total_b == 0:
        return typed_frame("compare")
    a, b = frame["count_a"], frame["count_b"]
    g2 = [log_likelihood(x, y, total_a, total_b) for x, y in zip(a, b)]
    rate_a = a / total_a * 10000
    rate_b = b / total_b * 10000
    log_ratio = ((a.where(a > 0, 0.5) / total_a) / (b.where(b > 0, 0.5) / total_b)).map(math.log2)
    sign = (rate_a >= rate_b).map({True: 1.0, False: -1.0})
    table = typed_frame("compare", {
        "term": frame.index,
        "count_a": a.astype(int).values,
        "count_b": b.astype(int).values,
        "rate_a": rate_a.round(2).values,
        "rate_b": rate_b.round(2).values,
        "log_ratio": log_ratio.round(3).values,
        "score": (sign * pd.Series(g2, index=frame.index)).round(3).values,
        "p_value": [p_value(x) for x in g2],
    })
    return table.sort_values(["score", "term"], ascending=[False, True]).reset_index(drop=True)


def compare_groups(articles: pd.DataFrame, terms: pd.DataFrame, *, by: str, a: list[str],
                   b: list[str] | None = None, stopwords: frozenset[str], min_count: int = 3) -> pd.DataFrame:
    """Keyness of the articles whose `by` is in `a` against those in `b` (default: all the rest).

    Group sizes are all word tokens of the group's articles (stopwords included), the same
    denominator as the rates in `term_table`.
    """
    values = articles[by].astype("string")
    in_a = values.isin([str(v) for v in a])
    in_b = values.isin([str(v) for v in b]) if b else ~in_a & values.notna()
    ids_a, ids_b = articles.loc[in_a, "article_id"], articles.loc[in_b, "article_id"]
    content = content_mask(terms, stopwords)
    counts_a = terms[content & is_in(terms["article_id"], ids_a)].groupby("term")["count"].sum()
    counts_b = terms[content & is_in(terms["article_id"], ids_b)].groupby("term")["count"].sum()
    total_a = int(articles.loc[in_a, "tokens"].sum())
    total_b = int(articles.loc[in_b, "tokens"].sum())
    return keyness(counts_a, counts_b, total_a, total_b, min_count=min_count)


def keyness_by_group(articles: pd.DataFrame, terms: pd.DataFrame, *, by: str,
                     stopwords: frozenset[str], min_count: int = 3, top: int = 10) -> pd.DataFrame:
    """For every group of `by`, its top over-represented terms against all the rest."""
    tables = []
    for value in sorted(articles[by].dropna().astype(str).unique()):
        table = compare_groups(articles, terms, by=by, a=[value], stopwords=stopwords, min_count=min_count)
        tables.append(table[table["score"] > 0].head(top).assign(group=value))
    return typed_frame("keyness_by_group", pd.concat(tables) if tables else None, by=by)
