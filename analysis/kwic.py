"""Keyword in context: every occurrence of a term or phrase with its left and right context."""
from __future__ import annotations

import re

import pandas as pd

from .schema import typed_frame


def keyword_in_context(articles: pd.DataFrame, term: str, *, window: int = 20,
                       sort: str | None = None) -> pd.DataFrame:
    """Lines of `window` characters either side of each occurrence of `term` in the articles.

    `sort`: None (document order), "left" (by the words just before, read right to left) or
    "right" (by the words just after), as concordancers do.
    """
    term = term.strip()
    if not term:
        return typed_frame("kwic")
    pattern = re.compile(re.escape(term))
    rows = []
    for article_id, text in zip(articles["article_id"], articles["text"]):
        flat = str(text).replace("\n", " ")
        for match in pattern.finditer(flat):
            rows.append({
                "article_id": article_id,
                "left": flat[max(0, match.start() - window):match.start()],
                "term": match.group(),
                "right": flat[match.end():match.end() + window],
                "start": match.start(),
            })
    frame = typed_frame("kwic", rows)
    if sort == "left":
        frame = frame.iloc[frame["left"].map(lambda s: s[::-1]).argsort(kind="stable")]
    elif sort == "right":
        frame = frame.sort_values("right", kind="stable")
    return frame.reset_index(drop=True)
