"""Keyness: which terms are over-represented in one group of articles against another.

Log-likelihood G² (Dunning 1993) on the full 2×2 table (term vs. other tokens, A vs. B), so
that scipy's `chi2_contingency(table, lambda_="log-likelihood", correction=False)` gives
the same statistic; with the log ratio effect size (Hardie 2014). The score is G² signed by
direction (positive = over-represented in A); the p-value is that of χ² with one degree of
freedom, erfc(√(G²/2)). Zero counts use 0.5 in the log ratio only.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .schema import typed_frame
from .termdb import TermCounts


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


def compare_groups(articles: pd.DataFrame, terms: TermCounts, *, by: str, a: list[str],
                   b: list[str] | None = None, stopwords: frozenset[str], min_count: int = 3) -> pd.DataFrame:
    """Keyness of the articles whose `by` is in `a` against those in `b` (default: all the rest).

    Group sizes are all word tokens of the group's articles (stopwords included), the same
    denominator as the rates in `term_table`.
    """
    values = articles[by].astype("string")
    in_a = values.isin([str(v) for v in a]).fillna(False).to_numpy(dtype=bool)
    in_b = values.isin([str(v) for v in b]).fillna(False).to_numpy(dtype=bool) if b else ~in_a & values.notna().to_numpy()
    both = in_a | in_b
    counts = group_counts(articles.loc[both, "article_id"], np.where(in_a[both], 0, 1), terms, stopwords)
    total_a = int(articles.loc[in_a, "tokens"].sum())
    total_b = int(articles.loc[in_b, "tokens"].sum())
    return keyness(counts.get(0, _NONE), counts.get(1, _NONE), total_a, total_b, min_count=min_count)


_NONE = pd.Series(dtype="int64")


def group_counts(article_ids: pd.Series, groups: np.ndarray, terms: TermCounts,
                 stopwords: frozenset[str]) -> dict[int, pd.Series]:
    """Group code → content-term counts (a Series indexed by term) of its articles, in one query."""
    counts = terms.aggregate(terms.rows_of(article_ids), groups)
    keep = terms.content(stopwords)[counts["term"]]
    frame = pd.DataFrame({"group": counts["group"][keep], "term": terms.terms_of(counts["term"][keep]),
                          "count": counts["count"][keep]})
    return {int(g): part.set_index("term")["count"].rename_axis(None) for g, part in frame.groupby("group")}


def keyness_by_group(articles: pd.DataFrame, terms: TermCounts, *, by: str,
                     stopwords: frozenset[str], min_count: int = 3, top: int = 10) -> pd.DataFrame:
    """For every group of `by`, its top over-represented terms against all the rest (one
    query for the counts of every group; the rest is the whole minus the group)."""
    values = articles[by].astype("string")
    known = values.notna().to_numpy()
    labels = values[known]
    if labels.empty:
        return typed_frame("keyness_by_group", None, by=by)
    codes, names = pd.factorize(labels, sort=True)
    counts = group_counts(articles.loc[known, "article_id"], codes, terms, stopwords)
    tokens = articles.loc[known, "tokens"].groupby(codes).sum()
    whole = pd.concat(counts.values()).groupby(level=0).sum() if counts else _NONE
    total = int(tokens.sum())
    tables = []
    for code, value in enumerate(names):
        own = counts.get(code, _NONE)
        rest = whole.sub(own, fill_value=0)
        rest = rest[rest > 0]
        table = keyness(own, rest, int(tokens.get(code, 0)), total - int(tokens.get(code, 0)), min_count=min_count)
        tables.append(table[table["score"] > 0].head(top).assign(group=value))
    return typed_frame("keyness_by_group", pd.concat(tables) if tables else None, by=by)
