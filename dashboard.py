"""Entry page of 工会报道分析看板: shared setup (corpus, sidebar filters) and page routing."""
from __future__ import annotations

import streamlit as st

from ui.state import get_corpus, mark_entry_ran, sidebar_filters

st.set_page_config(page_title="工会报道分析看板", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="总览", url_path="overview", default=True),
    st.Page("pages/metrics.py", title="指标", url_path="metrics"),
    st.Page("pages/articles.py", title="文章", url_path="articles"),
]

navigation = st.navigation(PAGES)
corpus = get_corpus()
sidebar_filters(corpus)
mark_entry_ran()
navigation.run()
