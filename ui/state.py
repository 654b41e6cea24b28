"""The one UI seam for state: the cached Corpus and the sidebar filters synced with the URL."""
from __future__ import annotations

import errno
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analysis import (
    apply_filters, apply_overrides, cache_dir, corpus_paths, CorpusFrames as Corpus, data_dir, DataDirBusy,
    FILTER_KEYS, FilterError, Filters, filters_from_params, filters_to_params, format_year, lexicon_path,
    LexiconError, load_corpus, load_lexicon, load_overrides, load_stopwords, make_override, orphan_warning,
    OverrideError, overrides_path, record_override, RESEGMENT_LABEL, Settings, SettingsError, term_table,
    user_settings, with_themes,
)

_FILTERS_KEY = "_filters"

# The pages, in menu order: script → title. dashboard.py routes to them; the sidebar links them.
PAGES = {
    "pages/overview.py": "总览",
    "pages/terms.py": "词频与词云",
    "pages/themes.py": "主题",
    "pages/metrics.py": "指标",
    "pages/compare.py": "地区对比",
    "pages/trends.py": "趋势",
    "pages/reader.py": "阅读",
    "pages/articles.py": "文章",
    "pages/corpus.py": "语料管理",
}


def _corpus_signature(paths: list[Path]) -> tuple:
    """Cheap fingerprint of the inputs (path, size, mtime); content hashes key the engine cache."""
    entries = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            stat = path.stat()
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_corpus_cached(signature: tuple, paths: tuple[str, ...], words: tuple[str, ...]) -> Corpus:
    progress = st.progress(0.0, text="正在分析语料……")

    def report(done: int, total: int, name: str) -> None:
        text = (f"词典已改，正在重新分词：{done}/{total} 篇文章" if name == RESEGMENT_LABEL
                else f"正在分析第 {done}/{total} 个文件：{name}")
        progress.progress(done / max(total, 1), text=text)

    # One process: worker processes started from the Streamlit server would re-run the
    # dashboard script as their __main__ (multiprocessing re-imports it by path).
    corpus = load_corpus(list(paths), extra_words=words, on_progress=report, cache_dir=cache_dir(), workers=1)
    progress.empty()
    return corpus


@st.cache_resource(max_entries=8, show_spinner=False)
def _corpus_with_overrides(signature: tuple, paths: tuple[str, ...], words: tuple[str, ...],
                           overrides_stamp: tuple, lexicon_stamp: tuple) -> Corpus:
    base = _load_corpus_cached(signature, paths, words)
    warnings = list(base.warnings)
    articles = base.articles
    try:
        overrides = load_overrides(overrides_path(data_dir()))
    except OverrideError as err:
        overrides = []
        warnings.append(str(err))
    if overrides:
        articles, orphans = apply_overrides(articles, overrides)
        warnings += [orphan_warning(o) for o in orphans]
    lexicon, min_hits = current_lexicon()
    articles = with_themes(articles, lexicon, min_hits)
    return Corpus(articles, base.terms, base.files, warnings, base.metrics)


def _stamp(path: Path) -> tuple:
    return (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else ()


def current_settings() -> Settings:
    """The user's settings; a broken file is reported once and defaults are used."""
    try:
        return user_settings(data_dir())
    except SettingsError as err:
        st.session_state["_settings_error"] = str(err)
        return Settings()


def current_lexicon() -> tuple[dict[str, list[str]], int]:
    """The user's theme lexicon (bundled one when absent or broken)."""
    try:
        return load_lexicon(lexicon_path(data_dir()))
    except LexiconError as err:
        st.session_state["_settings_error"] = f"{err}；暂用内置主题词表"
        return load_lexicon(None)


def current_stopwords() -> frozenset[str]:
    return load_stopwords(tuple(current_settings().stopwords))


def get_corpus() -> Corpus:
    """The corpus of the seeds plus the user's uploads, with corrections and themes applied.

    Analysis is cached by the files' fingerprint and the user's dictionary words;
    corrections and the theme lexicon are re-applied when their files change (cheap).
    """
    settings = current_settings()
    paths = corpus_paths(include_seeds=not settings.hide_seeds)
    signature = _corpus_signature(paths)
    return _corpus_with_overrides(
        signature, tuple(str(p) for p in paths), tuple(settings.words),
        _stamp(overrides_path(data_dir())), _stamp(lexicon_path(data_dir())),
    )


class _SharedResults:
    """Values computed from the current corpus (figures, small tables), kept for every
    session: twenty people opening the same view build its charts once. Keyed by what a
    value depends on (the filters, the options); emptied when the corpus changes."""

    def __init__(self, size: int = 256):
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict = OrderedDict()
        self.corpus: weakref.ref | None = None

    def get(self, corpus: Corpus, key: tuple, build: Callable[[], Any]) -> Any:
        with self.lock:
            if self.corpus is None or self.corpus() is not corpus:
                self.entries.clear()
                self.corpus = weakref.ref(corpus)
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = build()  # outside the lock: a rare duplicate build is cheaper than waiting
        with self.lock:
            if self.corpus() is corpus:
                self.entries[key] = value
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        return value


@st.cache_resource(show_spinner=False)
def _shared_results() -> _SharedResults:
    return _SharedResults()


def shared(corpus: Corpus, key: tuple, build: Callable[[], Any]) -> Any:
    """`build()` once per (corpus, key) for all sessions; the result must not be mutated."""
    return _shared_results().get(corpus, key, build)


def save_correction(article: pd.Series, **fields) -> None:
    """Store one correction (OverrideError, DataDirBusy or OSError on failure, nothing changed).

    Read, merge and write happen under the data directory's lock: two sessions correcting
    articles at the same time keep both corrections."""
    record_override(data_dir(), make_override(article, **fields))


# What a save to the data directory can raise besides its own validation errors.
WRITE_ERRORS = (OSError, DataDirBusy)


def write_problem(err: Exception) -> str:
    """A Chinese sentence for a failed save (read-only or full disk, busy, …)."""
    if isinstance(err, DataDirBusy):
        return str(err)
    if isinstance(err, OSError):
        reason = {errno.ENOSPC: "磁盘已满", errno.EROFS: "数据目录只读", errno.EACCES: "没有写入权限",
                  errno.EPERM: "没有写入权限", errno.EDQUOT: "超出磁盘配额"}.get(err.errno, err.strerror or str(err))
        return f"无法写入数据目录（{reason}），已有数据未改变"
    return str(err)


def _options(values: pd.Series, selected: list[str]) -> list[str]:
    present = sorted({str(v) for v in values.dropna() if str(v)})
    return present + [s for s in selected if s not in present]


_WIDGET_KEYS = ("f_province", "f_city", "f_district", "f_file", "f_theme", "f_year_on", "f_q")


def _current_page() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def _init_from_url() -> None:
    """Seed the filter widgets from the query string when their state is missing or stale.

    That is the first run of a session, and the first run on another page: Streamlit drops
    widget state on a page change, or, while it treats `pages/` as a legacy page folder (a
    server whose first request named a page), keeps the old keys for widgets whose ids
    changed, which then come back empty. The URL is kept in sync, so it is the state to
    restore; after a page change it is empty and the last filters are carried over.
    """
    page = _current_page()
    moved = st.session_state.get("_filters_page", page) != page
    st.session_state["_filters_page"] = page
    if not moved and all(key in st.session_state for key in _WIDGET_KEYS):
        return
    params = {key: st.query_params.get_all(key) for key in FILTER_KEYS}
    try:
        filters = filters_from_params(params)
    except FilterError as err:
        st.session_state["_url_error"] = str(err)
        filters = Filters()
    if filters.is_empty():
        # Page changes clear both the query string and widget state; the last filters
        # are kept under a plain session key, so carry them over.
        filters = st.session_state.get(_FILTERS_KEY, filters)
    for key in ("province", "city", "district", "file", "theme"):
        st.session_state[f"f_{key}"] = list(getattr(filters, key))
    st.session_state["f_year_on"] = filters.year is not None
    if filters.year is not None:
        st.session_state[_YEAR_SPAN_KEY] = filters.year
    st.session_state["f_q"] = filters.q


def sidebar_filters(corpus: Corpus) -> Filters:
    """Render the shared sidebar filters; keep them and the URL query string in sync."""
    _init_from_url()
    articles = corpus.articles
    sidebar = st.sidebar
    for path, title in PAGES.items():
        sidebar.page_link(path, label=title)
    sidebar.divider()
    sidebar.header("筛选")
    if err := st.session_state.pop("_url_error", None):
        sidebar.error(f"链接中的筛选条件无法识别：{err}")

    province = sidebar.multiselect(
        "省份", _options(articles["province"], st.session_state.get("f_province", [])),
        key="f_province", placeholder="全部省份",
    )
    in_province = articles[articles["province"].isin(province)] if province else articles
    city = sidebar.multiselect(
        "城市", _options(in_province["city"], st.session_state.get("f_city", [])),
        key="f_city", placeholder="全部城市",
    )
    in_city = in_province[in_province["city"].isin(city)] if city else in_province
    district = sidebar.multiselect(
        "区县", _options(in_city["district"], st.session_state.get("f_district", [])),
        key="f_district", placeholder="全部区县",
    )
    year = _year_filter(articles)
    files = sidebar.multiselect(
        "文件", _options(articles["file"], st.session_state.get("f_file", [])),
        key="f_file", placeholder="全部文件",
    )
    lexicon, _ = current_lexicon()
    themes = sidebar.multiselect(
        "主题", list(lexicon) + [t for t in st.session_state.get("f_theme", []) if t not in lexicon],
        key="f_theme", placeholder="全部主题",
    )
    q = sidebar.text_input("关键词", key="f_q", placeholder="标题或正文包含……")
    if err := st.session_state.pop("_settings_error", None):
        sidebar.warning(err)
    filters = Filters(
        province=tuple(province), city=tuple(city), district=tuple(district), year=year,
        file=tuple(files), theme=tuple(themes), q=q.strip(),
    )
    _write_url(filters)
    st.session_state[_FILTERS_KEY] = filters
    return filters


_YEAR_SPAN_KEY = "_year_span"  # the slider's last value, kept under a plain key


def _year_filter(articles: pd.DataFrame) -> tuple[int, int] | None:
    """The year toggle and range slider.

    The span lives under a plain session key and reaches the slider as its `value`. The
    slider's own state is never set or read before it is drawn: Streamlit decides whether a
    select_slider is a range from `value`, so a slider seeded through session state alone
    came back as one year (2017 instead of (2017, 2023)) on the next run."""
    years = sorted(int(y) for y in articles["year"].dropna().unique())
    span = st.session_state.get(_YEAR_SPAN_KEY)
    if span:
        years = sorted(set(years) | set(span))
    if not years:
        st.sidebar.caption("年份：语料中尚未识别出年份")
        return None
    on = st.sidebar.toggle("按年份筛选", key="f_year_on")
    if not on:
        return None
    if len(years) == 1:
        st.sidebar.caption(f"年份：{years[0]}")
        return (years[0], years[0])
    span = span or (years[0], years[-1])
    low, high = st.sidebar.select_slider("年份", options=years, value=span, key="f_year")
    st.session_state[_YEAR_SPAN_KEY] = (int(low), int(high))
    return (int(low), int(high))


def _write_url(filters: Filters) -> None:
    """Make the query string carry exactly the filter keys that restrict something."""
    wanted = filters_to_params(filters)
    for key in FILTER_KEYS:
        keep_in_url(key, wanted.get(key, []))


def restore_from_url(key: str, param: str, *, options=None, many: bool = False, cast=str,
                     default=None) -> None:
    """Before a page's own widget is drawn: seed its state from the URL parameter `param`
    (a copied link reopens the same selection), else from `default`. Values not among
    `options` are dropped. Only on the run that creates the widget's state."""
    if key in st.session_state:
        return
    raw = st.query_params.get_all(param)
    values = []
    for text in raw:
        try:
            value = cast(text)
        except (TypeError, ValueError):
            continue
        if options is None or value in options:
            values.append(value)
    if many:
        chosen = values or default
    else:
        chosen = values[0] if values else default
    if chosen is not None:
        st.session_state[key] = chosen


def keep_in_url(param: str, value) -> None:
    """After a page's own widget: write its value to the URL (repeated keys for a list);
    an empty value removes the parameter."""
    target = [str(v) for v in value] if isinstance(value, (list, tuple)) else ([str(value)] if value not in (None, "") else [])
    if st.query_params.get_all(param) != target:
        if target:
            st.query_params[param] = target
        elif param in st.query_params:
            del st.query_params[param]


def current_filters() -> Filters:
    """The filters set in the sidebar during this run."""
    return st.session_state.get(_FILTERS_KEY, Filters())


def describe_filters(filters: Filters) -> str:
    """One line in Chinese describing the active filters."""
    parts = []
    for label, values in (("省份", filters.province), ("城市", filters.city),
                          ("区县", filters.district), ("文件", filters.file), ("主题", filters.theme)):
        if values:
            parts.append(f"{label}：{'、'.join(values)}")
    if filters.year:
        parts.append(f"年份：{format_year(filters.year)}")
    if filters.q:
        parts.append(f"关键词：{filters.q}")
    return "；".join(parts) if parts else "全部文章"



_ENTRY_RAN_KEY = "_entry_ran_this_run"


def mark_entry_ran() -> None:
    """Called by dashboard.py after it drew the shared sidebar, just before routing."""
    st.session_state[_ENTRY_RAN_KEY] = True


def page_setup() -> tuple[Corpus, pd.DataFrame, Filters]:
    """What every page starts with: the corpus, the selected articles, the filters.

    Normally the entry script has drawn the shared sidebar already. Streamlit runs a file
    under `pages/` on its own when the first request of a server process (or of an AppTest
    run) names that page: it then treats `pages/` as a legacy page folder until the entry
    has run once. The page then draws the same sidebar (links and filters) itself.
    """
    entry_ran = st.session_state.pop(_ENTRY_RAN_KEY, False)
    corpus = get_corpus()
    if not entry_ran:
        sidebar_filters(corpus)
    filters = current_filters()
    show_flashed()
    return corpus, apply_filters(corpus.articles, filters), filters


_FLASH_KEY = "_flash"


def flash(kind: str, message: str) -> None:
    """A message (`success`, `warning`, `error`, `info`) shown at the top of the next page run:
    what a save or delete did stays visible across the rerun that shows its effect."""
    st.session_state.setdefault(_FLASH_KEY, []).append((kind, message))


def show_flashed() -> None:
    for kind, message in st.session_state.pop(_FLASH_KEY, []):
        getattr(st, kind)(message)


EMPTY_SELECTION = "没有符合当前筛选条件的文章。请在左侧放宽筛选条件。"


def stop_if_empty(articles: pd.DataFrame) -> None:
    """End the page with the same Chinese explanation everywhere when nothing is selected."""
    if articles.empty:
        st.info(EMPTY_SELECTION)
        st.stop()


def selection_terms(corpus: Corpus, filters: Filters, *, by: str | None = None, top: int | None = None,
                    pos: tuple[str, ...] = ()) -> pd.DataFrame:
    """Term table of the filtered selection, built once per (corpus, filters, stopwords,
    options) for every session (`shared`: emptied when the corpus changes, so a new corpus
    never meets an old result, as a cache keyed on id(corpus) could once Python reuses it)."""
    stopwords = current_stopwords()

    def build() -> pd.DataFrame:
        articles = apply_filters(corpus.articles, filters)
        if by == "theme":
            articles = articles.explode("themes").rename(columns={"themes": "theme"})
        return term_table(articles, corpus.terms, stopwords=stopwords, by=by, top=top, pos=pos)

    return shared(corpus, ("selection_terms", filters, stopwords, by, top, pos), build)


TIMINGS_ENV = "UNION_DASH_TIMINGS"


@contextmanager
def timed_run(page: str):
    """Time one script run (the server's share of a page load or a filter change).

    With `UNION_DASH_TIMINGS=<file>` set, one line `page<TAB>seconds` is appended per run;
    the load benchmark reads it to tell the server's time from the browser's."""
    target = os.environ.get(TIMINGS_ENV)
    started = time.perf_counter()
    try:
        yield
    finally:
        if target:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(f"{page or 'overview'}\t{time.perf_counter() - started:.4f}\n")
