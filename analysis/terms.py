"""Term counts: per article at build time, aggregated per group at query time."""
from __future__ import annotations

import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .schema import typed_frame
from .segment import is_content_term, pos_class

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


_CONTENT_MASKS: OrderedDict[int, tuple[weakref.ref, frozenset[str], np.ndarray]] = OrderedDict()
_CONTENT_LOCK = threading.Lock()


def content_mask(terms: pd.DataFrame, stopwords: frozenset[str]) -> np.ndarray:
    """Which term rows survive the stopword / number / single-character filter; kept for
    the last few term frames, since every query of an opened corpus asks it again."""
    with _CONTENT_LOCK:
        held = _CONTENT_MASKS.get(id(terms))
        if held is not None and held[0]() is terms and (held[1] is stopwords or held[1] == stopwords):
            return held[2]
    keep = [t for t in terms["term"].unique() if is_content_term(t, stopwords)]
    mask = is_in(terms["term"], keep)
    with _CONTENT_LOCK:
        _CONTENT_MASKS[id(terms)] = (weakref.ref(terms), stopwords, mask)
        while len(_CONTENT_MASKS) > 4:
            _CONTENT_MASKS.popitem(last=False)
    return mask


def term_table(
    articles: pd.DataFrame,
    terms: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    by: str | None = None,
    top: int | None = None,
    pos: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Counts, rate per 10k tokens and document frequency of each term, per group.

    `pos` keeps only terms of those part-of-speech classes (see segment.POS_CLASSES).

    `articles` is the (already filtered) selection, one row per article and group (an
    article in two themes appears twice); `terms` the corpus term rows. Rates use the
    group's total token count (all word tokens, stopwords included) as denominator.
    """
    if by is None:
        groups = pd.DataFrame({"article_id": articles["article_id"].values, "group": ALL_GROUP})
    else:
        groups = pd.DataFrame({"article_id": articles["article_id"].values, "group": articles[by].values})
        groups = groups[groups["group"].notna() & (groups["group"].astype(str) != "")]
    selected = terms[content_mask(terms, stopwords) & is_in(terms["article_id"], groups["article_id"])]
    if pos:
        wanted = set(pos)
        selected = selected[selected["term"].map(pos_class).isin(wanted)]
    if selected.empty or groups.empty:
        return typed_frame("term_table", by=by)
    sizes = articles[["article_id", "tokens"]].drop_duplicates("article_id").set_index("article_id")["tokens"]
    totals = groups.assign(tokens=groups["article_id"].map(sizes)).groupby("group")["tokens"].sum()
    if by is None:
        frame = selected.assign(group=ALL_GROUP)
    else:
        frame = selected.merge(groups[["article_id", "group"]].drop_duplicates(), on="article_id")
    # A term has one row per article, and an article one row per group: a group's document
    # frequency of a term is its number of rows.
    table = (
        frame.groupby(["group", "term"], sort=False)
        .agg(count=("count", "sum"), doc_freq=("count", "size"))
        .reset_index()
    )
    table["rate_per_10k"] = (table["count"] / table["group"].map(totals) * 10000).round(2)
    table = table.sort_values(["group", "count", "term"], ascending=[True, False, True])
    if top:
        table = table.groupby("group", sort=False).head(top)
    return typed_frame("term_table", table, by=by)


def term_trends(articles: pd.DataFrame, terms: pd.DataFrame, words: list[str]) -> pd.DataFrame:
    """Per year and term: count, rate per 10k tokens, and how many articles the year holds."""
    dated = articles[articles["year"].notna()]
    if dated.empty or not words:
        return typed_frame("term_trends")
    years = dated.assign(year=dated["year"].astype(int))
    per_year = years.groupby("year").agg(tokens=("tokens", "sum"), articles=("article_id", "size"))
    hits = terms[is_in(terms["term"], words) & is_in(terms["article_id"], years["article_id"])]
    hits = hits.merge(years[["article_id", "year"]], on="article_id")
    counts = hits.groupby(["year", "term"])["count"].sum()
    grid = pd.MultiIndex.from_product([per_year.index, words], names=["year", "term"])
    table = counts.reindex(grid, fill_value=0).rename("count").reset_index()
    table["rate_per_10k"] = (table["count"] / table["year"].map(per_year["tokens"]) * 10000).round(2)
    table["articles"] = table["year"].map(per_year["articles"])
    return typed_frame("term_trends", table)
