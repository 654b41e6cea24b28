"""Data-driven topics (NMF over tf-idf of the articles' content terms) and term
co-occurrence (PMI over articles), so users see themes nobody wrote down."""
from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd

from .schema import typed_frame
from .termdb import TermCounts


def _selected_counts(articles: pd.DataFrame, terms: TermCounts,
                     stopwords: frozenset[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The selection's rows in the term table and its content terms' counts and document
    frequencies (one group)."""
    rows = np.unique(terms.rows_of(articles["article_id"]))
    counts = terms.aggregate(rows)
    keep = terms.content(stopwords)[counts["term"]]
    return rows, {name: values[keep] for name, values in counts.items()}


def discover_topics(articles: pd.DataFrame, terms: TermCounts, *, stopwords: frozenset[str],
                    n_topics: int = 6, top: int = 10, min_df: int = 2, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(topic words, article weights) from NMF on tf-idf. Deterministic for a given seed."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    rows, counts = _selected_counts(articles, terms, stopwords)
    kept = terms.rows(rows, counts["term"][counts["doc_freq"] >= min_df])
    if kept.empty or kept["article_id"].nunique() < 2:
        return typed_frame("topics"), typed_frame("article_topics")
    matrix = kept.pivot_table(index="article_id", columns="term", values="count", aggfunc="sum", fill_value=0)
    n_topics = max(1, min(n_topics, matrix.shape[0] - 1, matrix.shape[1]))
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(matrix.values)
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=500)
    doc_topic = model.fit_transform(tfidf)
    vocab = matrix.columns.to_numpy()
    words = []
    for topic, weights in enumerate(model.components_, start=1):
        order = np.argsort(weights)[::-1][:top]
        words += [(topic, rank, vocab[i], round(float(weights[i]), 4)) for rank, i in enumerate(order, start=1)]
    weights = pd.DataFrame(doc_topic, index=matrix.index, columns=range(1, n_topics + 1))
    weights = weights.div(weights.sum(axis=1).replace(0, 1), axis=0)
    article_topics = weights.stack().rename("weight").reset_index()
    article_topics.columns = ["article_id", "topic", "weight"]
    return typed_frame("topics", words), typed_frame("article_topics", article_topics)


def cooccurrence(articles: pd.DataFrame, terms: TermCounts, *, stopwords: frozenset[str],
                 top_terms: int = 60, min_together: int = 2) -> pd.DataFrame:
    """Pairs of frequent terms that share articles, scored by PMI (log2 P(a,b)/(P(a)P(b)))."""
    rows, counts = _selected_counts(articles, terms, stopwords)
    if len(counts["term"]) == 0:
        return typed_frame("cooccurrence")
    # the most frequent terms; ties go to the term first in sort order
    totals = pd.Series(counts["count"], index=terms.terms_of(counts["term"]))
    ids = pd.Series(counts["term"], index=totals.index)
    frequent = totals.sort_index().nlargest(top_terms).index
    kept = terms.rows(rows, ids[frequent].to_numpy())
    docs = kept.groupby("article_id")["term"].agg(lambda t: sorted(set(t)))
    n_docs = len(docs)
    df = kept.groupby("term")["article_id"].nunique()
    pairs: dict[tuple[str, str], int] = {}
    for members in docs:
        for pair in combinations(members, 2):
            pairs[pair] = pairs.get(pair, 0) + 1
    rows = [
        (a, b, n, int(df[a]), int(df[b]), round(math.log2(n * n_docs / (df[a] * df[b])), 4))
        for (a, b), n in pairs.items() if n >= min_together
    ]
    table = typed_frame("cooccurrence", rows)
    return table.sort_values(["pmi", "together"], ascending=False).reset_index(drop=True)
