"""The one UI seam for state: the cached Corpus and the sidebar filters synced with the URL."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import Corpus, FilterError, Filters, apply_filters, load_corpus
from analysis.datadir import corpus_paths, data_dir
from analysis.overrides import (
    OverrideError, apply_overrides, load_overrides, make_override, overrides_path, save_overrides, upsert,
)
from analysis.filters import FILTER_KEYS, filters_from_params, filters_to_params, format_year

_FILTERS_KEY = "_filters"


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
def _load_corpus_cached(signature: tuple, paths: tuple[str, ...]) -> Corpus:
    return load_corpus(list(paths))


@st.cache_resource(max_entries=8, show_spinner=False)
def _corpus_with_overrides(signature: tuple, paths: tuple[str, ...], overrides_stamp: tuple) -> Corpus:
    base = _load_corpus_cached(signature, paths)
    path = overrides_path(data_dir())
    try:
        overrides = load_overrides(path)
    except OverrideError as err:
        return Corpus(base.articles, base.terms, base.files, base.warnings + [str(err)], base.metrics)
    if not overrides:
        return base
    articles, orphans = apply_overrides(base.articles, overrides)
    warnings = base.warnings + [f"更正记录找不到对应文章（未应用）：{o.title}（{o.file}）" for o in orphans]
    return Corpus(articles, base.terms, base.files, warnings, base.metrics)


def get_corpus() -> Corpus:
    """The corpus of the seeds plus the user's uploads, with the user's corrections applied.

    Analysis is cached by the files' fingerprint; corrections are re-applied when the
    overrides file changes (cheap), never by re-analysing.
    """
    paths = corpus_paths()
    signature = _corpus_signature(paths)
    path = overrides_path(data_dir())
    stamp = (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else ()
    with st.spinner("正在分析语料……"):
        return _corpus_with_overrides(signature, tuple(str(p) for p in paths), stamp)


def save_correction(article: pd.Series, **fields) -> None:
    """Store one correction (raises OverrideError with a Chinese message)."""
    path = overrides_path(data_dir())
    current = load_overrides(path)
    save_overrides(path, upsert(current, make_override(article, **fields)))


def _options(values: pd.Series, selected: list[str]) -> list[str]:
    present = sorted({str(v) for v in values.dropna() if str(v)})
    return present + [s for s in selected if s not in present]


_WIDGET_KEYS = ("f_province", "f_city", "f_district", "f_file", "f_year_on", "f_q")


def _init_from_url() -> None:
    """Seed the filter widgets from the query string when their state is missing.

    That is the first run of a session, and any run after Streamlit dropped widget state
    (a page change); the URL is kept in sync, so it is the state to restore.
    """
    if all(key in st.session_state for key in _WIDGET_KEYS):
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
    for key in ("province", "city", "district", "file"):
        st.session_state[f"f_{key}"] = list(getattr(filters, key))
    st.session_state["f_year_on"] = filters.year is not None
    if filters.year is not None:
        st.session_state["f_year"] = filters.year
    st.session_state["f_q"] = filters.q


def sidebar_filters(corpus: Corpus) -> Filters:
    """Render the shared sidebar filters; keep them and the URL query string in sync."""
    _init_from_url()
    articles = corpus.articles
    sidebar = st.sidebar
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
    q = sidebar.text_input("关键词", key="f_q", placeholder="标题或正文包含……")
    filters = Filters(
        province=tuple(province), city=tuple(city), district=tuple(district), year=year,
        file=tuple(files), q=q.strip(),
    )
    _write_url(filters)
    st.session_state[_FILTERS_KEY] = filters
    return filters


def _year_filter(articles: pd.DataFrame) -> tuple[int, int] | None:
    years = sorted(int(y) for y in articles["year"].dropna().unique())
    wanted = st.session_state.get("f_year")
    if wanted:
        years = sorted(set(years) | {int(wanted[0]), int(wanted[1])})
    if not years:
        st.sidebar.caption("年份：语料中尚未识别出年份")
        return None
    on = st.sidebar.toggle("按年份筛选", key="f_year_on")
    if not on:
        return None
    if len(years) == 1:
        st.sidebar.caption(f"年份：{years[0]}")
        return (years[0], years[0])
    if "f_year" not in st.session_state or not wanted:
        st.session_state["f_year"] = (years[0], years[-1])
    low, high = st.sidebar.select_slider("年份", options=years, key="f_year")
    return (int(low), int(high))


def _write_url(filters: Filters) -> None:
    """Make the query string carry exactly the filter keys that restrict something."""
    wanted = filters_to_params(filters)
    for key in FILTER_KEYS:
        current = st.query_params.get_all(key)
        target = wanted.get(key, [])
        if current != target:
            if target:
                st.query_params[key] = target
            elif key in st.query_params:
                del st.query_params[key]


def current_filters() -> Filters:
    """The filters set in the sidebar during this run."""
    return st.session_state.get(_FILTERS_KEY, Filters())


def selected_articles(corpus: Corpus) -> pd.DataFrame:
    """The corpus articles that the current filters keep."""
    return apply_filters(corpus.articles, current_filters())


def describe_filters(filters: Filters) -> str:
    """One line in Chinese describing the active filters."""
    parts = []
    for label, values in (("省份", filters.province), ("城市", filters.city),
                          ("区县", filters.district), ("文件", filters.file)):
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

    Streamlit runs a file under `pages/` without the entry script when the very first
    request of a server process (or of AppTest) names that page, because it then treats
    `pages/` as a legacy page folder. The page then draws the shared sidebar itself.
    """
    corpus = get_corpus()
    if not st.session_state.pop(_ENTRY_RAN_KEY, False):
        sidebar_filters(corpus)
    filters = current_filters()
    return corpus, apply_filters(corpus.articles, filters), filters
