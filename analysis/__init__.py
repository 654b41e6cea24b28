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
from .api import Corpus, corpus_stamp, corpus_version, open_corpus
from .corpus import CorpusFrames, load_corpus
from .filters import Filters, FilterError, apply_filters, filter_mask, parse_year
from .segment import load_segmenter, load_stopwords
from .terms import term_table

# The rest of the public namespace, imported on first use (PEP 562) so that `import analysis`
# stays light: the pages and ui/ import from here, never from the modules behind it.
_LAZY = {
    "compare": ("compare_groups", "keyness_by_group"),
    "themes": ("theme_shares", "with_themes", "load_lexicon", "LexiconError"),
    "topics": ("cooccurrence", "discover_topics"),
    "terms": ("term_trends",),
    "kwic": ("keyword_in_context",),
    "metrics": ("summarise_metrics",),
    "schema": ("typed_frame",),
    "segment": ("POS_CLASSES",),
    "settings": ("Settings", "SettingsError", "lexicon_path", "user_settings", "update_settings", "save_lexicon"),
    "datadir": ("data_dir", "uploads_dir", "trash_dir", "cache_dir", "corpus_paths"),
    "locking": ("data_lock", "DataDirBusy"),
    "uploads": ("UploadError", "list_uploads", "remove_upload", "store_upload", "add_upload", "delete_upload",
                "restore_upload", "empty_trash", "list_trash", "TRASH_DIR"),
    "edit_log": ("Edit", "read_edits", "log_edit"),
    "overrides": ("OverrideError", "apply_overrides", "load_overrides", "make_override", "orphan_warning",
                  "overrides_path", "record_override"),
    "filters": ("FILTER_KEYS", "filters_from_params", "filters_to_params", "format_year"),
    "pipeline": ("RESEGMENT_LABEL",),
    "gazetteer": ("NATIONAL", "MUNICIPALITIES", "load_gazetteer"),
    "places": ("province_named", "region_counts", "region_names"),
    "boundaries": ("BoundariesUnavailable", "child_outlines", "maritime_lines", "province_outlines"),
    "ingest": ("DEFAULT_MAX_BYTES",),
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str):
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [*_LAZY_NAMES, 
    "Corpus", "corpus_stamp", "corpus_version", "open_corpus", "CorpusFrames", "load_corpus", "Filters", "FilterError", "apply_filters",
    "filter_mask", "parse_year", "load_segmenter", "load_stopwords", "term_table",
]
