"""Entry page of 工会报道分析看板: shared setup (corpus, sidebar filters) and page routing."""
from __future__ import annotations

import streamlit as st

from ui.state import get_corpus, mark_entry_ran, sidebar_filters

st.set_page_config(page_title="工会报道分析看板", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="总览", url_path="overview", default=True),
    st.Page("pages/terms.py", title="词频与词云", url_path="terms"),
    st.Page("pages/themes.py", title="主题", url_path="themes"),
    st.Page("pages/metrics.py", title="指标", url_path="metrics"),
    st.Page("pages/compare.py", title="地区对比", url_path="compare"),
    st.Page("pages/trends.py", title="趋势", url_path="trends"),
    st.Page("pages/reader.py", title="阅读", url_path="reader"),
    st.Page("pages/articles.py", title="文章", url_path="articles"),
]

navigation = st.navigation(PAGES)
corpus = get_corpus()
sidebar_filters(corpus)
mark_entry_ran()
navigation.run()
