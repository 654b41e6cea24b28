"""Safe display of document text: escape Markdown and HTML before anything renders it."""
from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def md_escape(text: object) -> str:
    """Text that Streamlit's Markdown shows literally (no links, emphasis, HTML or math)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def highlight_html(text: str, start: int, end: int) -> str:
    """`text` as escaped HTML with text[start:end] wrapped in <mark> (document text is never trusted)."""
    before, match, after = text[:start], text[start:end], text[end:]
    return (
        f"{html.escape(before)}<mark style='background:#ffe08a;padding:0 2px'>"
        f"{html.escape(match)}</mark>{html.escape(after)}"
    )


def blanks(frame):
    """A copy of `frame` for display: unknown values as empty cells instead of None/NaN/<NA>,
    whole numbers (years) without a decimal point."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if not values.isna().any():
            continue
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            known = values.dropna()
            whole = bool((known % 1 == 0).all())
            out[column] = values.map(lambda v: "" if pd.isna(v) else (str(int(v)) if whole else f"{v:g}"))
        else:
            out[column] = values.astype(object).where(values.notna(), "")
    return out


def year_span(years) -> str:
    """`2015–2023` for several years, `2015` for one, `—` for none."""
    import pandas as pd

    known = [int(y) for y in years if not pd.isna(y)]
    if not known:
        return "—"
    low, high = min(known), max(known)
    return str(low) if low == high else f"{low}–{high}"


def article_facts(row) -> str:
    """Place, year, source and file of an article row, known values only, in one line."""
    import pandas as pd

    def known(value) -> str:
        return "" if pd.isna(value) else str(value)

    place = "".join(dict.fromkeys(v for v in (known(row.province), known(row.city)) if v))
    year = known(row.year)
    parts = [place, f"{year}年" if year else "", known(row.source), known(row.file)]
    return " · ".join(p for p in parts if p)


NO_TITLE = "〔无标题〕"
_LEAD_IN = re.compile(r"^\s*(?:本报讯|本网讯|本刊讯|本报[^\s，,。]{1,8}(?:电|讯)|新华社[^\s，,。]{1,8}电)?\s*"
                      r"(?:[（(][^）)]{0,30}[)）])?\s*[■▲△●◆]?\s*")


def shown_title(title, text) -> str:
    """The headline; for a headline-less item (a brief) the first clause of its lead, marked
    〔无标题〕 so it is never taken for a headline."""
    import pandas as pd

    if isinstance(title, str) and title.strip():
        return title
    body = "" if text is None or pd.isna(text) else str(text)
    clause = re.split(r"[。！？；，,]", _LEAD_IN.sub("", body.split("\n", 1)[0]), maxsplit=1)[0].strip()
    return f"{NO_TITLE}{clause[:24]}{'…' if len(clause) > 24 else ''}"


def with_shown_titles(frame, corpus=None):
    """`frame` with each empty title replaced by its shown_title. Needs `title`, and `text`
    or a `corpus` to read the texts of the headline-less rows from (texts stay on disk)."""
    out = frame.copy()
    untitled = ~frame["title"].fillna("").astype(str).str.strip().astype(bool)
    if "text" in frame.columns:
        texts = frame["text"]
    elif untitled.any() and corpus is not None:
        texts = corpus.texts(frame.loc[untitled, "article_id"])["text"].set_axis(frame.index[untitled])
    else:
        texts = {}
    out["title"] = [shown_title(t, texts.get(i)) if missing else t
                    for i, t, missing in zip(frame.index, frame["title"], untitled)]
    return out
