"""The columns of every frame the engine produces, in one place (tests hold outputs to it)."""
from __future__ import annotations

# articles: one row per article. Contract columns first (shared/CONTRACTS.md), in order.
ARTICLE_COLUMNS = [
    "article_id", "file", "path", "title", "subtitle", "byline", "source", "date",
    "province", "city", "district", "adcode", "lat", "lon", "year",
    "region_evidence", "year_evidence", "chars",
]
# Extra article columns kept in the Corpus (not part of the CLI output unless asked).
ARTICLE_EXTRA_COLUMNS = ["text", "captions", "kicker", "tokens", "file_sha1", "index"]

# terms: one row per (article, term) with the raw count; filters apply at query time.
TERM_COLUMNS = ["article_id", "term", "count"]

# files: one row per input file.
FILE_COLUMNS = ["file", "path", "sha1", "encoding", "articles", "chars", "warnings"]

# `terms` command / term_table output.
TERM_TABLE_COLUMNS = ["group", "term", "count", "rate_per_10k", "doc_freq"]

GROUPABLE_FIELDS = ("province", "city", "district", "year", "file")

# metrics: one row per figure (shared/CONTRACTS.md `metrics` command), `start`/`end` are
# character offsets into the article's `text`.
METRIC_COLUMNS = [
    "article_id", "file", "title", "surface", "value", "value_high", "unit", "qualifier",
    "subject", "category", "sentence", "start", "end",
]
