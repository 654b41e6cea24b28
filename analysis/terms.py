"""Term counts: per article at build time, aggregated per group at query time."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .schema import typed_frame
from .termdb import TermCounts

ALL_GROUP = "全部"


def count_terms(tokens: list[str]) -> Counter:
    """Occurrences of each token in one article."""
    return Counter(tokens)


def term_rows(article_id: str, tokens: list[str]) -> list[tuple[str, str, int]]:
    """(article_id, term, count) rows for one article."""
    return [(article_id, term, n) for term, n in count_terms(tokens).items()]


def is_in(values: pd.Series, wanted: Iterable) -> np.ndarray:
    """Mask of the rows of `values` (a string column) whose value is in `wanted`, in one
    Arrow pass: pandas' `isin` on Arrow strings makes a Python object of every wanted value
    (0.2 s for a 100k-word vocabulary, on every query)."""
    if not isinstance(values.dtype, pd.StringDtype):
        return values.isin(wanted).to_numpy(dtype=bool)
    column = pa.chunked_array(values.array._pa_array) if hasattr(values.array, "_pa_array") else pa.array(values)
    if isinstance(wanted, (pd.Series, pd.Index)):
        wanted = wanted.to_numpy(dtype=object, na_value=None)
    value_set = pa.array(list(wanted) if not isinstance(wanted, np.ndarray) else wanted, type=column.type,
                         from_pandas=True)
    return np.asarray(pc.fill_null(pc.is_in(column, value_set=value_set), False), dtype=bool)


def term_table(
    articles: pd.DataFrame,
    terms: TermCounts,
    *,
    stopwords: frozenset[str],
    by: str | None = None,
    top: int | None = None,
    pos: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Counts, rate per 10k tokens and document frequency of each term, per group.

    `pos` keeps only terms of those part-of-speech classes (see segment.POS_CLASSES).

    `articles` is the (already filtered) selection, one row per article and group (an
    article in two themes appears twice); `terms` the corpus term counts. Rates use the
    group's total token count (all word tokens, stopwords included) as denominator.
    """
    if by is None:
        groups = pd.DataFrame({"article_id": articles["article_id"].values, "group": ALL_GROUP,
                               "tokens": articles["tokens"].values})
    else:
        groups = pd.DataFrame({"article_id": articles["article_id"].values, "group": articles[by].values,
                               "tokens": articles["tokens"].values})
        groups = groups[groups["group"].notna() & (groups["group"].astype(str) != "")]
    groups = groups.drop_duplicates(["article_id", "group"])
    if groups.empty:
        return typed_frame("term_table", by=by)
    codes, labels = pd.factorize(groups["group"], sort=True)
    counts = terms.aggregate(terms.rows_of(groups["article_id"]), codes if by is not None else None)
    keep = terms.content(stopwords, tuple(pos))[counts["term"]]
    if top:
        keep &= _within_top(counts["group"], counts["count"], keep, top)
    if not keep.any():
        return typed_frame("term_table", by=by)
    totals = groups.groupby("group")["tokens"].sum()
    group = labels.take(counts["group"][keep])
    table = pd.DataFrame({
        "group": group,
        "term": terms.terms_of(counts["term"][keep]),
        "count": counts["count"][keep],
        "doc_freq": counts["doc_freq"][keep],
    })
    table["rate_per_10k"] = (table["count"] / table["group"].map(totals).to_numpy() * 10000).round(2)
    table = table.sort_values(["group", "count", "term"], ascending=[True, False, True])
    if top:
        table = table.groupby("group", sort=False).head(top)
    return typed_frame("term_table", table, by=by)


def _within_top(group: np.ndarray, count: np.ndarray, keep: np.ndarray, top: int) -> np.ndarray:
    """Rows whose count reaches their group's `top`-th largest count among the kept rows
    (ties included), so that only those terms are looked up and sorted by name."""
    kept = np.flatnonzero(keep)
    order = kept[np.lexsort((-count[kept], group[kept]))]
    sorted_groups = group[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_groups, sorted_groups, side="left")
    threshold = np.zeros(int(group.max()) + 1 if len(group) else 0, dtype=count.dtype)
    at_cut = rank == top - 1
    threshold[sorted_groups[at_cut]] = count[order][at_cut]
    return count >= threshold[group]


def term_trends(articles: pd.DataFrame, terms: TermCounts, words: list[str]) -> pd.DataFrame:
    """Per year and term: count, rate per 10k tokens, and how many articles the year holds."""
    dated = articles[articles["year"].notna()]
    if dated.empty or not words:
        return typed_frame("term_trends")
    years = dated.assign(year=dated["year"].astype(int))
    per_year = years.groupby("year").agg(tokens=("tokens", "sum"), articles=("article_id", "size"))
    year_codes, year_labels = pd.factorize(years["year"])
    counts = terms.aggregate(terms.rows_of(years["article_id"]), year_codes, terms.ids_of(words))
    found = pd.Series(counts["count"], index=pd.MultiIndex.from_arrays(
        [year_labels.take(counts["group"]), terms.terms_of(counts["term"])], names=["year", "term"]))
    grid = pd.MultiIndex.from_product([per_year.index, words], names=["year", "term"])
    table = found.groupby(level=["year", "term"]).sum().reindex(grid, fill_value=0).rename("count").reset_index()
    table["rate_per_10k"] = (table["count"] / table["year"].map(per_year["tokens"]) * 10000).round(2)
    table["articles"] = table["year"].map(per_year["articles"])
    return typed_frame("term_trends", table)
