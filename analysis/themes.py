"""Themes: a keyword lexicon (resources/themes.yaml, or the user's copy) scored per article.

Keywords are matched as substrings of the headline and text with one Aho-Corasick pass per
article, so multi-word keywords need no dictionary entry. Applied at query time: editing
the lexicon never re-analyses the corpus.
"""
from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .matcher import PhraseMatcher
from .schema import typed_frame

BUNDLED = resources.files("analysis") / "resources" / "themes.yaml"


class LexiconError(ValueError):
    """A theme lexicon that cannot be read (Chinese message)."""


def parse_lexicon(text: str) -> tuple[dict[str, list[str]], int]:
    """(theme → keywords, min_hits) from the YAML text of a lexicon.

    An article carries a theme when the theme's keywords occur at least `min_hits` times
    and at least once per 1,000 characters, or once in its headline.
    """
    try:
        data = yaml.safe_load(text) or {}
        themes = {str(k): [str(w) for w in v if str(w).strip()] for k, v in data["themes"].items()}
        min_hits = int(data.get("min_hits", 2))
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as err:
        raise LexiconError(f"主题词表格式不对：{err}") from err
    if not themes:
        raise LexiconError("主题词表为空")
    return themes, min_hits


def load_lexicon(path: Path | None = None) -> tuple[dict[str, list[str]], int]:
    """The user's lexicon when `path` exists, else the bundled one (a fresh copy: callers
    may change it)."""
    text = Path(path).read_text(encoding="utf-8") if path and Path(path).exists() else BUNDLED.read_text("utf-8")
    themes, min_hits = _parsed(text)
    return {theme: list(words) for theme, words in themes.items()}, min_hits


@functools.lru_cache(maxsize=8)  # every page run reads the lexicon; parsing YAML each time costs 15 ms
def _parsed(text: str) -> tuple[dict[str, list[str]], int]:
    return parse_lexicon(text)


def theme_hits(articles: pd.DataFrame, lexicon: dict[str, list[str]]) -> pd.DataFrame:
    """article_id, theme, hits, in_title: keyword occurrences per article and theme."""
    matcher = _matcher(lexicon_key(lexicon), json.dumps(lexicon, ensure_ascii=False))
    rows = []
    for article_id, title, text in zip(articles["article_id"], articles["title"], articles["text"]):
        counts: dict[str, list[int]] = {}
        for where, content in (("title", str(title)), ("text", str(text))):
            for _, (theme,) in _iter_longest(matcher, content):
                slot = counts.setdefault(theme, [0, 0])
                slot[0] += 1
                slot[1] += where == "title"
        rows.extend((article_id, theme, hits, bool(in_title)) for theme, (hits, in_title) in counts.items())
    return typed_frame("theme_hits", rows)


@functools.lru_cache(maxsize=8)
def _matcher(key: str, lexicon_json: str) -> PhraseMatcher:
    lexicon = json.loads(lexicon_json)
    # A keyword listed under two themes counts for the first only.
    return PhraseMatcher((word, theme) for theme, words in lexicon.items() for word in words)


def _iter_longest(matcher: PhraseMatcher, text: str):
    """Non-overlapping, leftmost-longest keyword matches (劳模精神 is not also 劳模)."""
    for word, _, _, theme in matcher.find(text):
        yield word, (theme,)


PER_1000_CHARS = 1.0


def carried_themes(hits: pd.DataFrame, min_hits: int, chars: pd.Series | None = None) -> pd.Series:
    """article_id → tuple of themes the article carries (`chars`: article_id → length)."""
    enough = hits["hits"] >= min_hits
    if chars is not None:
        # float64 also when there are no hits (mapping an empty text column keeps it text)
        length = hits["article_id"].map(chars).astype("float64").fillna(0)
        enough &= hits["hits"] >= PER_1000_CHARS * length / 1000
    carried = hits[enough | hits["in_title"]]
    themes: dict[str, list[str]] = {}
    for article_id, theme in zip(carried["article_id"], carried["theme"]):  # not a Python call per group
        themes.setdefault(article_id, []).append(theme)
    return pd.Series({article_id: tuple(sorted(t)) for article_id, t in themes.items()}, dtype=object)


def carried_frame(articles: pd.DataFrame, lexicon: dict[str, list[str]], min_hits: int) -> pd.DataFrame:
    """article_id, themes (sorted list): the themes each article carries, for those carrying any."""
    chars = pd.Series(articles["chars"].values, index=articles["article_id"].values)
    carried = carried_themes(theme_hits(articles, lexicon), min_hits, chars)
    return pd.DataFrame({"article_id": pd.Series(carried.index, dtype="string"),
                         "themes": pd.Series([list(t) for t in carried], dtype=object)})


def with_themes(articles: pd.DataFrame, lexicon: dict[str, list[str]], min_hits: int,
                carried: pd.DataFrame | None = None) -> pd.DataFrame:
    """The articles with a `themes` column (tuple of carried themes); `carried`: their
    `carried_frame` for this lexicon, when already known."""
    carried = carried_frame(articles, lexicon, min_hits) if carried is None else carried
    themes = {article_id: tuple(t) for article_id, t in zip(carried["article_id"], carried["themes"])}
    return articles.assign(themes=[themes.get(a, ()) for a in articles["article_id"]])


def lexicon_key(lexicon: dict[str, list[str]]) -> str:
    """A key that changes whenever the lexicon's matches could."""
    return hashlib.sha1(json.dumps(lexicon, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def theme_shares(articles: pd.DataFrame, themes: list[str], *, by: str | None = None) -> pd.DataFrame:
    """Share of each group's articles that carry each theme (articles need a `themes` column).

    `by` is an article column (province, year, …), "article", or None for one group 全部.
    """
    if articles.empty:
        return typed_frame("themes", by=by)
    if by == "article":
        groups = articles["article_id"]
    elif by is None:
        groups = pd.Series("全部", index=articles.index)
    else:
        groups = articles[by]
    rows = []
    frame = articles.assign(_group=groups).dropna(subset=["_group"])
    for group, members in frame.groupby("_group", sort=True):
        n = len(members)
        for theme in themes:
            carrying = int(members["themes"].map(lambda ts: theme in ts).sum())
            rows.append((group, theme, round(carrying / n, 4), carrying))
    return typed_frame("themes", rows, by=by)
