"""Union-report analytics engine: files in, pandas frames out. No UI code here.

Public API:
    load_corpus(paths) -> Corpus      read, split, enrich and count a set of files
    Filters, apply_filters            the selection shared by the CLI and the dashboard
    term_table(...)                   term counts / rates / document frequency per group
"""
from .corpus import Corpus, load_corpus
from .filters import Filters, FilterError, apply_filters, filter_mask, parse_year
from .segment import load_segmenter, load_stopwords
from .terms import term_table

__all__ = [
    "Corpus", "load_corpus", "Filters", "FilterError", "apply_filters", "filter_mask",
    "parse_year", "load_segmenter", "load_stopwords", "term_table",
]
