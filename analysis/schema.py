"""Every frame the engine produces: its columns in order, with dtype and meaning, in one place.

`typed_frame(name, data)` builds any of them with exactly these columns and dtypes (an empty
input gives an empty frame of the same shape); tests/test_schema.py holds every producer to it.
The dtypes survive a Parquet round trip unchanged, so a cached corpus equals a fresh one.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from pandas.api.types import pandas_dtype

TEXT = pd.StringDtype(na_value=float("nan"))  # text; NaN = unknown
INT = pandas_dtype("int64")
NULLABLE_INT = pandas_dtype("Int64")  # <NA> = unknown
FLOAT = pandas_dtype("float64")
NULLABLE_FLOAT = pandas_dtype("Float64")  # <NA> = unknown or none
BOOL = pandas_dtype("bool")
BYTES = pandas_dtype("object")  # Python bytes


@dataclass(frozen=True)
class Column:
    """One column of an output frame: name, pandas dtype and what a value means."""

    name: str
    dtype: object
    meaning: str


# The value of the grouping field (`by`); its dtype follows that field (see `dtypes`).
_GROUP = Column("group", TEXT, "The group: the `by` field's value (int64 years by year), 全部 without `by`.")

# articles: one row per article. Contract columns first (shared/CONTRACTS.md), in order.
_ARTICLE = (
    Column("article_id", TEXT, "First 12 hex digits of the file's SHA-1, '-', the article's index in the file."),
    Column("file", TEXT, "Base name of the file the article was cut from."),
    Column("path", TEXT, "The file's path as found (archive.zip/dir/member inside a zip)."),
    Column("title", TEXT, "The headline."),
    Column("subtitle", TEXT, "The subheading; NA when there is none."),
    Column("byline", TEXT, "Reporter or correspondent line; NA when there is none."),
    Column("source", TEXT, "Paper or site that published it (工人日报 …); NA when not printed."),
    Column("date", TEXT, "ISO publication date (2023-09-07); NA when no line gives one."),
    Column("province", TEXT, "Official province name, 全国 for national bodies; NA when unknown."),
    Column("city", TEXT, "Official city name (the municipality itself for 北京/上海/天津/重庆); NA when unknown."),
    Column("district", TEXT, "Official district or county name; NA when unknown."),
    Column("adcode", TEXT, "Six-digit administrative code of the most specific place; NA when unknown."),
    Column("lat", NULLABLE_FLOAT, "Latitude of that place in degrees; NA when unknown."),
    Column("lon", NULLABLE_FLOAT, "Longitude of that place in degrees; NA when unknown."),
    Column("year", NULLABLE_INT, "The year the article reports on; NA when undated."),
    Column("region_evidence", TEXT, "The place mentions that decided the region, for people; NA when none."),
    Column("year_evidence", TEXT, "The dating evidence that decided the year, for people; NA when none."),
    Column("chars", INT, "Characters in the body."),
    Column("story", TEXT, "article_id of the representative copy of the story this article belongs to "
                          "(earliest dated, else longest); the article's own id when it has no copies."),
)
# Extra article columns kept in the Corpus (not part of the CLI output unless asked).
_ARTICLE_EXTRA = (
    Column("text", TEXT, "The body text, paragraphs separated by newlines."),
    Column("captions", TEXT, "Photo captions, one per line; empty when none."),
    Column("kicker", TEXT, "The line above the headline (column or rubric); empty when none."),
    Column("tokens", INT, "Word tokens of headline and body, stopwords included (the rates' denominator)."),
    Column("file_sha1", TEXT, "Full SHA-1 of the file's bytes."),
    Column("index", INT, "The article's position in its file, from 0."),
    Column("minhash", BYTES, "MinHash signature of the body's 5-character shingles (128 uint32; reprints)."),
    Column("shingles", INT, "Distinct 5-character shingles of the body (letters, digits and Han only)."),
    Column("story_similarity", FLOAT, "Estimated share of the shorter of this copy and the story's "
                                      "representative found in the other; 1 for the representative."),
    Column("text_key", TEXT, "SHA-1 of the body without spaces and punctuation, when 30 or more characters "
                             "remain (the same report saved twice, in two formats); empty otherwise."),
)
# metrics: one row per figure (CONTRACTS `metrics`); `start`/`end` are offsets into `text`.
_METRIC = (
    Column("article_id", TEXT, "The article the figure is in."),
    Column("file", TEXT, "Base name of the article's file."),
    Column("title", TEXT, "The article's headline."),
    Column("surface", TEXT, "The figure as written (近2000人)."),
    Column("value", FLOAT, "The number in the unit's base (万元 → 元); a range's low end."),
    Column("value_high", NULLABLE_FLOAT, "A range's high end (3至5万元); NA for a single value."),
    Column("unit", TEXT, "Normalised unit (元, 人, %, ㎡ …)."),
    Column("qualifier", TEXT, "Approximation word (余, 多, 近, 约 …); empty when exact."),
    Column("subject", TEXT, "What is counted, from the words before the figure; empty when not found."),
    Column("category", TEXT, "money, people, events, organisations, facilities, percentage or other."),
    Column("sentence", TEXT, "The sentence the figure is in."),
    Column("start", INT, "Character offset of the figure's start in the article text."),
    Column("end", INT, "Character offset just past the figure's end in the article text."),
)
_COMPARE = (
    Column("term", TEXT, "The term."),
    Column("count_a", INT, "Occurrences in group A."),
    Column("count_b", INT, "Occurrences in group B."),
    Column("rate_a", FLOAT, "Occurrences per 10,000 tokens of group A, 2 decimals."),
    Column("rate_b", FLOAT, "Occurrences per 10,000 tokens of group B, 2 decimals."),
    Column("log_ratio", FLOAT, "log2 of rate A over rate B (a zero count taken as 0.5), 3 decimals."),
    Column("score", FLOAT, "Log-likelihood G², positive when over-represented in A, 3 decimals."),
    Column("p_value", FLOAT, "p-value of G² under χ² with one degree of freedom."),
)

FRAMES: dict[str, tuple[Column, ...]] = {
    "articles": _ARTICLE + _ARTICLE_EXTRA,
    # terms: one row per (article, term) with the raw count; filters apply at query time.
    "terms": (
        Column("article_id", TEXT, "The article."),
        Column("term", TEXT, "A word token as segmented (stopwords included)."),
        Column("count", INT, "Occurrences in the article's headline and body."),
    ),
    # files: one row per usable input file.
    "files": (
        Column("file", TEXT, "Base name of the file."),
        Column("path", TEXT, "The file's path as found."),
        Column("sha1", TEXT, "SHA-1 of the file's bytes."),
        Column("encoding", TEXT, "The encoding the text was decoded from."),
        Column("articles", INT, "Articles cut from the file."),
        Column("chars", INT, "Body characters of those articles."),
        Column("warnings", TEXT, "Reading warnings joined by ；; empty when none."),
    ),
    "metrics": _METRIC,
    # term_table (CLI `terms`): one row per group and term.
    "term_table": (
        _GROUP,
        Column("term", TEXT, "A content term (no stopwords, numbers or single characters)."),
        Column("count", INT, "Occurrences in the group's articles."),
        Column("rate_per_10k", FLOAT, "Occurrences per 10,000 tokens of the group, 2 decimals."),
        Column("doc_freq", INT, "Articles of the group that contain the term."),
    ),
    # term_trends: one row per year and chosen term.
    "term_trends": (
        Column("year", INT, "The year."),
        Column("term", TEXT, "A chosen term."),
        Column("count", INT, "Occurrences in the year's articles (0 when none)."),
        Column("rate_per_10k", FLOAT, "Occurrences per 10,000 tokens of the year, 2 decimals."),
        Column("articles", INT, "Articles dated to the year."),
    ),
    # compare (CLI `compare`): keyness of group A against B, one row per term.
    "compare": _COMPARE,
    # keyness_by_group: each group's top over-represented terms against all the rest.
    "keyness_by_group": (_GROUP,) + _COMPARE,
    # kwic (CLI `kwic` prints all but `start`): one row per occurrence.
    "kwic": (
        Column("article_id", TEXT, "The article the occurrence is in."),
        Column("left", TEXT, "Up to `window` characters before it (newlines as spaces)."),
        Column("term", TEXT, "The occurrence."),
        Column("right", TEXT, "Up to `window` characters after it (newlines as spaces)."),
        Column("start", INT, "Character offset of the occurrence in the article text."),
    ),
    # themes (CLI `themes`, theme_shares): one row per group and theme.
    "themes": (
        _GROUP,
        Column("theme", TEXT, "A theme of the lexicon."),
        Column("score", FLOAT, "Share of the group's articles that carry the theme (0–1), 4 decimals."),
        Column("articles", INT, "The group's articles that carry the theme."),
    ),
    # theme_hits: one row per article and theme with at least one keyword.
    "theme_hits": (
        Column("article_id", TEXT, "The article."),
        Column("theme", TEXT, "A theme of the lexicon."),
        Column("hits", INT, "The theme's keyword occurrences in headline and body."),
        Column("in_title", BOOL, "Whether one of them is in the headline."),
    ),
    # topics: one row per NMF topic and top term.
    "topics": (
        Column("topic", INT, "Topic number, from 1."),
        Column("rank", INT, "The term's rank within the topic, from 1."),
        Column("term", TEXT, "A content term."),
        Column("weight", FLOAT, "The term's NMF weight in the topic, 4 decimals."),
    ),
    # article_topics: one row per article and topic.
    "article_topics": (
        Column("article_id", TEXT, "The article."),
        Column("topic", INT, "Topic number, from 1."),
        Column("weight", FLOAT, "The topic's share of the article (an article's shares sum to 1, or 0)."),
    ),
    # cooccurrence: one row per pair of frequent terms that share articles.
    "cooccurrence": (
        Column("term_a", TEXT, "The first term (alphabetically)."),
        Column("term_b", TEXT, "The second term."),
        Column("together", INT, "Articles that contain both."),
        Column("count_a", INT, "Articles that contain term_a."),
        Column("count_b", INT, "Articles that contain term_b."),
        Column("pmi", FLOAT, "log2 P(a,b) / (P(a)P(b)) over articles, 4 decimals."),
    ),
    # metric_summary (summarise_metrics): one row per group, unit and category.
    "metric_summary": (
        _GROUP,
        Column("unit", TEXT, "Normalised unit."),
        Column("category", TEXT, "The figures' category."),
        Column("total", FLOAT, "Sum of the values (ranges by their low end)."),
        Column("figures", INT, "Figures summed."),
        Column("approximate", INT, "Of which carry an approximation word."),
        Column("overlapping", INT, "Of which repeat a value and unit already seen in the same article."),
        Column("ranges", INT, "Of which are ranges."),
    ),
    # region_counts: one row per region, largest first.
    "region_counts": (
        Column("adcode", TEXT, "Six-digit administrative code of the region."),
        Column("name", TEXT, "Its official name (the code when the gazetteer lacks it)."),
        Column("articles", INT, "Articles placed in it."),
    ),
}


def columns(name: str) -> list[str]:
    """The column names of frame `name`, in order."""
    return [column.name for column in FRAMES[name]]


def dtypes(name: str, *, by: str | None = None) -> dict[str, object]:
    """Column name → dtype of frame `name`; grouped `by` year, `group` holds int64 years."""
    types = {column.name: column.dtype for column in FRAMES[name]}
    if by == "year" and "group" in types:
        types["group"] = INT
    return types


def typed_frame(name: str, data: pd.DataFrame | dict | Iterable | None = None, *,
                by: str | None = None) -> pd.DataFrame:
    """Frame `name` from rows (tuples in column order, or dicts), a dict of columns or a frame:
    exactly the declared columns, in order, with their dtypes, rows numbered from 0."""
    types = dtypes(name, by=by)
    names = list(types)
    if isinstance(data, pd.DataFrame):
        frame = data
    elif isinstance(data, dict):
        frame = pd.DataFrame(data)
    else:
        frame = pd.DataFrame(data if data is not None else [], columns=names)
    if len(frame) == 0:  # no rows: the declared columns, whatever the input had
        frame = pd.DataFrame(columns=names)
    frame = frame[names].reset_index(drop=True)  # a missing column raises KeyError
    changed = {column: dtype for column, dtype in types.items() if frame[column].dtype != dtype}
    return frame.astype(changed) if changed else frame


ARTICLE_COLUMNS = [column.name for column in _ARTICLE]
ARTICLE_EXTRA_COLUMNS = [column.name for column in _ARTICLE_EXTRA]
TERM_COLUMNS = columns("terms")
FILE_COLUMNS = columns("files")
TERM_TABLE_COLUMNS = columns("term_table")
METRIC_COLUMNS = columns("metrics")

GROUPABLE_FIELDS = ("province", "city", "district", "year", "file")
