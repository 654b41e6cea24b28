"""The shared sidebar filters, kept in sync with the URL, and the URL parameters of a
page's own widgets (a copied link reopens the same view)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import Corpus, FILTER_KEYS, FilterError, Filters, filters_from_params, filters_to_params, format_year

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


def _options(values: pd.Series, selected: list[str]) -> list[str]:
    present = sorted({str(v) for v in values.dropna().unique() if str(v)})  # distinct values first: 100k rows
    return present + [s for s in selected if s not in present]


_WIDGET_KEYS = ("f_province", "f_city", "f_district", "f_file", "f_theme", "f_year_on", "f_q", "f_dedup")
_DEDUP_KEY = "_dedup"  # the 去重 toggle's last value, carried across page changes like the filters


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
    linked = st.query_params.get_all("dedup")
    st.session_state["f_dedup"] = linked[-1] != "0" if linked else st.session_state.get(_DEDUP_KEY, True)


def sidebar_filters(corpus: Corpus) -> Filters:
    """Render the shared sidebar filters; keep them and the URL query string in sync."""
    _init_from_url()
    articles = corpus.selection
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
    lexicon = corpus.lexicon
    themes = sidebar.multiselect(
        "主题", list(lexicon) + [t for t in st.session_state.get("f_theme", []) if t not in lexicon],
        key="f_theme", placeholder="全部主题",
    )
    q = sidebar.text_input("关键词", key="f_q", placeholder="标题或正文包含……")
    dedup = sidebar.toggle("去重：同一报道只计一次", key="f_dedup",
                           help="同一篇报道被多家报刊、网站转载时，各项统计只计代表稿（最早的一篇）一次。")
    st.session_state[_DEDUP_KEY] = dedup
    keep_in_url("dedup", None if dedup else "0")
    copy_link()
    for problem in corpus.settings_warnings:
        sidebar.warning(problem)
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


# The page's own URL, read when the button is pressed (the page's widgets write their
# parameters after the sidebar is drawn). navigator.clipboard needs a secure context
# (https or localhost); elsewhere a selected text area and execCommand("copy") do it.
_COPY_LINK_HTML = """<style>
button { font: 14px "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; padding: 5px 12px; cursor: pointer;
  background: #fff; color: #31333f; border: 1px solid #c9cbd2; border-radius: 8px; }
button:hover { border-color: #ff4b4b; color: #ff4b4b; }
span { font: 13px sans-serif; color: #808495; margin-left: 6px; }
</style>
<button id="copy" title="复制当前页面的链接（含筛选条件和本页选项），发给别人即可打开同一视图">复制链接</button><span id="done"></span>
<script>
const say = (text) => { document.getElementById("done").textContent = text; };
document.getElementById("copy").addEventListener("click", async () => {
  const url = window.parent.location.href;
  try { await navigator.clipboard.writeText(url); say("已复制"); return; } catch (err) { /* fall through */ }
  const box = document.createElement("textarea");
  box.value = url; document.body.appendChild(box); box.select();
  const copied = document.execCommand("copy"); box.remove();
  say(copied ? "已复制" : "无法复制，请从地址栏复制");
});
</script>"""


def copy_link() -> None:
    """复制链接: a button that copies the URL of the current view (filters and the page's own
    options) to the clipboard. A same-origin iframe of our own fixed HTML: Streamlit has no
    clipboard API."""
    st.sidebar.iframe(_COPY_LINK_HTML, height=42)


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


def deduplicated() -> bool:
    """Whether the 去重 toggle is on (default: each story counts once)."""
    return st.session_state.get(_DEDUP_KEY, True)


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
