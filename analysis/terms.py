"""Term counts: per article at build time, aggregated per group at query time."""
from __future__ import annotations

from collections import Counter

import pandas as pd

from .schema import TERM_COLUMNS, TERM_TABLE_COLUMNS
from .segment import is_content_term

ALL_GROUP = "全部"


def count_terms(tokens: list[str]) -> Counter:
    """Occurrences of each token in one article."""
    return Counter(tokens)


def term_rows(article_id: str, tokens: list[str]) -> list[tuple[str, str, int]]:
    """(article_id, term, count) rows for one article."""
    return [(article_id, term, n) for term, n in count_terms(tokens).items()]


def content_terms(terms: pd.DataFrame, stopwords: frozenset[str]) -> pd.DataFrame:
    """The term rows that survive the stopword / number / single-character filter."""
    vocab = terms["term"].unique()
    keep = {t for t in vocab if is_content_term(t, stopwords)}
    return terms[terms["term"].isin(keep)]


def term_table(
    articles: pd.DataFrame,
    terms: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    by: str | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Counts, rate per 10k tokens and document frequency of each term, per group.

    `articles` is the (already filtered) selection; `terms` the corpus term rows. Rates use
    the group's total token count (all word tokens, stopwords included) as denominator.
    """
    selected = terms[terms["article_id"].isin(articles["article_id"])]
    selected = content_terms(selected, stopwords)
    if by is None:
        group_of = pd.Series(ALL_GROUP, index=articles["article_id"].values)
    else:
        group_of = pd.Series(articles[by].values, index=articles["article_id"].values)
        group_of = group_of.dropna()
        group_of = group_of[group_of.astype(str) != ""]
    if selected.empty or group_of.empty:
        return pd.DataFrame(columns=TERM_TABLE_COLUMNS)
    frame = selected.assign(group=selected["article_id"].map(group_of)).dropna(subset=["group"])
    totals = articles.assign(group=articles["article_id"].map(group_of)).groupby("group")["tokens"].sum()
    table = (
        frame.groupby(["group", "term"], sort=False)
        .agg(count=("count", "sum"), doc_freq=("article_id", "nunique"))
        .reset_index()
    )
    table["rate_per_10k"] = (table["count"] / table["group"].map(totals) * 10000).round(2)
    table = table.sort_values(["group", "count", "term"], ascending=[True, False, True])
    if top:
        table = table.groupby("group", sort=False).head(top)
    if by == "year":
        table["group"] = table["group"].astype(int)
    return table[TERM_TABLE_COLUMNS].reset_index(drop=True)


def empty_terms() -> pd.DataFrame:
    return pd.DataFrame(columns=TERM_COLUMNS)
