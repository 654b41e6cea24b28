"""Filters shared by the CLI and the dashboard URL: parse them, and apply them to the articles."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_YEAR_SPEC = re.compile(r"^\s*(\d{4})\s*(?:[-–—~至到]\s*(\d{4})\s*)?$")


class FilterError(ValueError):
    """A filter value that cannot be understood; the message is in Chinese."""


@dataclass(frozen=True)
class Filters:
    """A selection of articles. Empty tuples mean "no restriction"."""

    province: tuple[str, ...] = ()
    city: tuple[str, ...] = ()
    district: tuple[str, ...] = ()
    year: tuple[int, int] | None = None
    file: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    q: str = ""

    def is_empty(self) -> bool:
        return self == Filters()


def parse_year(spec: str) -> tuple[int, int]:
    """`2023` → (2023, 2023); `2019-2023` → (2019, 2023)."""
    match = _YEAR_SPEC.match(str(spec))
    if not match:
        raise FilterError(f"年份格式不对：{spec!r}，应为 2023 或 2019-2023")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if high < low:
        low, high = high, low
    return low, high


def format_year(span: tuple[int, int] | None) -> str:
    """(2019, 2023) → `2019-2023`; (2023, 2023) → `2023`."""
    if span is None:
        return ""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"


def filter_mask(articles: pd.DataFrame, filters: Filters, texts=None) -> pd.Series:
    """Boolean mask of the articles that the filters keep. `q` searches the titles and the
    texts: a `text` column, or `texts` (an `ArticleTexts`) when the frame has none."""
    mask = pd.Series(True, index=articles.index)
    for column in ("province", "city", "district", "file"):
        wanted = getattr(filters, column)
        if wanted:
            mask &= articles[column].isin(wanted)
    if filters.year is not None:
        low, high = filters.year
        years = articles["year"]
        mask &= years.notna() & (years >= low) & (years <= high)
    if filters.theme and "themes" in articles.columns:
        wanted_themes = set(filters.theme)
        mask &= articles["themes"].map(lambda ts: bool(wanted_themes & set(ts or ())))
    if filters.q:
        needle = filters.q.strip()
        if "text" in articles.columns or texts is None:
            in_text = articles["text"].str.contains(needle, regex=False)
        else:
            in_text = pd.Series(texts.hold(needle, articles["article_id"]), index=articles.index)
        mask &= articles["title"].str.contains(needle, regex=False) | in_text
    return mask.fillna(False).astype(bool)


def apply_filters(articles: pd.DataFrame, filters: Filters, texts=None) -> pd.DataFrame:
    """The articles that the filters keep (`texts`: see `filter_mask`)."""
    return articles[filter_mask(articles, filters, texts)]


FILTER_KEYS = ("province", "city", "district", "year", "file", "theme", "q")


def filters_from_params(params: dict[str, list[str]]) -> Filters:
    """Build Filters from URL / CLI values (repeated keys), resolving short place names.

    Raises FilterError (Chinese message) on an unknown or ambiguous name or a bad year.
    """
    from .gazetteer import PlaceNameError, resolve

    values = {key: [v for v in params.get(key, []) if v and str(v).strip()] for key in FILTER_KEYS}
    resolved: dict[str, tuple[str, ...]] = {}
    parents: list[str] = []
    for level in ("province", "city", "district"):
        names = []
        for raw in values[level]:
            try:
                names.append(resolve(level, str(raw), within=parents))
            except PlaceNameError as err:
                raise FilterError(str(err)) from err
        resolved[level] = tuple(dict.fromkeys(names))
        parents = parents + names
    year = None
    if values["year"]:
        spans = [parse_year(v) for v in values["year"]]
        year = (min(s[0] for s in spans), max(s[1] for s in spans))
    return Filters(
        province=resolved["province"],
        city=resolved["city"],
        district=resolved["district"],
        year=year,
        file=tuple(values["file"]),
        theme=tuple(values["theme"]),
        q=" ".join(values["q"]).strip(),
    )


def filters_to_params(filters: Filters) -> dict[str, list[str]]:
    """The URL / CLI form of Filters (only the keys that restrict something)."""
    params: dict[str, list[str]] = {}
    for key in ("province", "city", "district", "file", "theme"):
        if getattr(filters, key):
            params[key] = list(getattr(filters, key))
    if filters.year is not None:
        params["year"] = [format_year(filters.year)]
    if filters.q:
        params["q"] = [filters.q]
    return params
