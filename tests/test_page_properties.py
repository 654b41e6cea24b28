"""Every page under random interaction on corpora of many shapes: no exception, ever.

Hypothesis draws a corpus shape (tests/shapes.py), a page, URL parameters (valid, stale
or malformed) and a sequence of actions: sidebar filters (province, city, district, year
toggle and range, file, theme, keyword), the page's own widgets set to random valid
values, and page switches. Any exception shown by Streamlit fails the example.

`PAGE_PROPERTY_EXAMPLES=N` runs N examples instead of the suite's default.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from analysis import load_corpus
from shapes import SHAPES, shape_specs, write_corpus

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
PAGES = [
    "pages/overview.py", "pages/terms.py", "pages/themes.py", "pages/metrics.py",
    "pages/compare.py", "pages/trends.py", "pages/reader.py", "pages/articles.py", "pages/corpus.py",
]
EXAMPLES = int(os.environ.get("PAGE_PROPERTY_EXAMPLES", "20"))
KEYWORDS = ["", "工会", "职工", "不存在的词语", "<script>alert(1)</script>", "送清凉", " "]
# Sidebar widgets: drawn on every page.
SIDEBAR = ("f_province", "f_city", "f_district", "f_file", "f_theme")
# Page widgets that write to the data directory are left alone here (tested elsewhere).
WRITERS = {"save_words", "save_lexicon", "remove_upload", "remove_confirmed", "hide_seeds", "user_words", "user_stopwords",
           "lexicon_text", "save_correction"}


@pytest.fixture(scope="module")
def shape_dirs(tmp_path_factory):
    """One data directory per corpus shape, analysed once (the engine cache is warm)."""
    dirs = {}
    for shape in SHAPES:
        directory = write_corpus(tmp_path_factory.mktemp(shape), shape_specs(shape))
        load_corpus([directory / "uploads"], cache_dir=directory / "cache")
        dirs[shape] = directory
    return dirs


def test_generated_shapes_read_back_as_written(shape_dirs):
    """The generator is honest: every article is found, in its place and year."""
    for shape, directory in shape_dirs.items():
        specs = shape_specs(shape)
        articles = load_corpus([directory / "uploads"], cache_dir=directory / "cache").articles
        assert len(articles) == len(specs), shape
        for spec, (_, row) in zip(specs, articles.sort_values(["file", "index"]).iterrows()):
            got = tuple(None if pd.isna(row[k]) else row[k] for k in ("province", "city", "district", "year"))
            assert got == (spec.province, spec.city, spec.district, spec.year), (shape, row["title"])


URL_PARAMS = st.fixed_dictionaries({}, optional={
    "province": st.sampled_from(["浙江", "浙江省", "上海", "北京市", "普陀", "火星省", ""]),
    "city": st.sampled_from(["杭州", "杭州市", "南京市", "鼓楼"]),
    "district": st.sampled_from(["西湖区", "朝阳区", "玄武区"]),
    "year": st.sampled_from(["2021", "2019-2023", "2015-2024", "2030-2010", "abc", "2023"]),
    "q": st.sampled_from(KEYWORDS),
    "file": st.sampled_from(["第001版.txt", "没有这个文件.txt"]),
    "theme": st.sampled_from(["困难帮扶", "不存在的主题"]),
    "kwic": st.sampled_from(["工会", "职工书屋", ""]),
    "window": st.sampled_from(["5", "60", "999", "x"]),
    "sort": st.sampled_from(["left", "right", "up"]),
    "cmp": st.sampled_from(["浙江省", "北京市", "江苏省"]),
    "by": st.sampled_from(["province", "city", "year", "file", "theme", "nonsense"]),
    "words": st.sampled_from(["工会", "职工", "从未出现"]),
    "article": st.sampled_from(["000000000000-0", "garbage"]),
    "search": st.sampled_from(["职工", "万元", ""]),
    "group": st.sampled_from(["浙江省", "2021", "全部"]),
    "dedup": st.sampled_from(["0", "1", "x"]),
})

ACTION = st.one_of(
    st.tuples(st.just("sidebar"), st.sampled_from(SIDEBAR), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("year_on"), st.booleans()),
    st.tuples(st.just("dedup"), st.booleans()),
    st.tuples(st.just("year_span"), st.integers(0, 40), st.integers(0, 40)),
    st.tuples(st.just("keyword"), st.sampled_from(KEYWORDS)),
    st.tuples(st.just("page"), st.sampled_from(PAGES)),
    st.tuples(st.just("widget"), st.integers(0, 400), st.integers(0, 400)),
)


def _pick(options: list, n: int):
    return options[n % len(options)] if options else None


def _act(at: AppTest, action: tuple) -> str:
    """Apply one action to the app (if its widget is on the page); describe what was done."""
    kind = action[0]
    if kind == "sidebar":
        _, key, n, clear = action
        widget = at.multiselect(key=key) if _has(at, "multiselect", key) else None
        if widget is None:
            return "skip"
        value = [] if clear or not widget.options else [_pick(widget.options, n)]
        widget.set_value(value)
        return f"{key}={value}"
    if kind == "year_on":
        if not _has(at, "toggle", "f_year_on"):
            return "skip"
        at.toggle(key="f_year_on").set_value(action[1])
        return f"year_on={action[1]}"
    if kind == "dedup":
        at.toggle(key="f_dedup").set_value(action[1])
        return f"dedup={action[1]}"
    if kind == "year_span":
        if not _has(at, "select_slider", "f_year"):
            return "skip"
        widget = at.select_slider(key="f_year")
        options = [int(o) for o in widget.options]
        low, high = sorted((_pick(options, action[1]), _pick(options, action[2])))
        widget.set_range(low, high)
        return f"year={low}-{high}"
    if kind == "keyword":
        at.text_input(key="f_q").set_value(action[1])
        return f"q={action[1]!r}"
    if kind == "page":
        at.switch_page(action[1])
        return f"page={action[1]}"
    return _random_widget(at, action[1], action[2])


def _has(at: AppTest, kind: str, key: str) -> bool:
    return any(getattr(w, "key", None) == key for w in getattr(at, kind))


def _random_widget(at: AppTest, which: int, value: int) -> str:
    """Set one of the page's own widgets to a valid value chosen by `value`."""
    candidates = []
    for kind in ("selectbox", "multiselect", "radio", "slider", "text_input", "number_input", "toggle", "checkbox"):
        for widget in getattr(at, kind):
            key = getattr(widget, "key", None)
            if key and not key.startswith("f_") and key not in WRITERS:
                candidates.append((kind, widget))
    if not candidates:
        return "skip"
    kind, widget = candidates[which % len(candidates)]
    if kind in ("selectbox", "radio"):
        # select_index would store the label shown, which a dict.get format function maps
        # to None: set the option's own value instead.
        if not widget.options:
            return "skip"
        widget.set_value(_option_value(widget, value))
    elif kind == "multiselect":
        options = list(widget.options)
        if not options:
            return "skip"
        widget.set_value([_option_value(widget, value)] if value % 3 else [])
    elif kind == "slider":
        low, high = widget.min, widget.max
        widget.set_value(low + value % (int(high - low) + 1))
    elif kind == "text_input":
        widget.set_value(KEYWORDS[value % len(KEYWORDS)])
    elif kind == "number_input":
        widget.set_value(widget.min_value if widget.min_value is not None else value)
    else:
        widget.set_value(bool(value % 2))
    return f"{kind} {widget.key}"


def _option_value(widget, n: int):
    """The n-th option as the widget's Python value. AppTest lists options as the strings
    shown; a `dict.get` format function (the pages' usual one) maps back through its dict."""
    shown = list(widget.options)
    label = shown[n % len(shown)]
    owner = getattr(widget.format_func, "__self__", None)
    if isinstance(owner, dict):
        return next(key for key, text in owner.items() if str(text) == label)
    return label


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(shape=st.sampled_from(SHAPES), page=st.sampled_from(PAGES), params=URL_PARAMS,
       actions=st.lists(ACTION, min_size=1, max_size=5))
def test_no_page_raises_under_any_interaction(shape_dirs, monkeypatch, shape, page, params, actions):
    monkeypatch.setenv("UNION_DASH_DATA", str(shape_dirs[shape]))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    done = [f"open {page} {params}"]
    assert not at.exception, (shape, done, [e.value for e in at.exception])
    for action in actions:
        step = _act(at, action)
        if step == "skip":
            continue
        done.append(step)
        at.run()
        assert not at.exception, (shape, done, [e.value for e in at.exception])
