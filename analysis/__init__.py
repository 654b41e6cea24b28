"""Union-report analytics engine: files in, pandas frames out. No UI code here.

Public API (shared/CONTRACTS.md, "Python API"; the CLI and the dashboard use it too):
    open_corpus(paths=None, data_dir=None, on_progress=None) -> Corpus
        .filter(province=…, year=…, …) -> Corpus     the same keys and values as the CLI and the URL
        .articles(with_text=False) .metrics() .terms(by, top) .compare(by, a, b) .kwic(term)
        .themes(by) -> DataFrames with exactly the CLI's columns
Lower level:
    load_corpus(paths) -> CorpusFrames    read, split, enrich and count a set of files
    Filters, apply_filters               the selection shared by the CLI and the dashboard
    term_table(...)                      term counts / rates / document frequency per group
"""
from .api import Corpus, open_corpus
from .corpus import CorpusFrames, load_corpus
from .filters import Filters, FilterError, apply_filters, filter_mask, parse_year
from .segment import load_segmenter, load_stopwords
from .terms import term_table

__all__ = [
    "Corpus", "open_corpus", "CorpusFrames", "load_corpus", "Filters", "FilterError", "apply_filters",
    "filter_mask", "parse_year", "load_segmenter", "load_stopwords", "term_table",
]
