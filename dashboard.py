"""Entry page of 工会报道分析看板: shared setup (corpus, sidebar filters) and page routing."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.access import editor_sidebar
from ui.corpus_cache import get_corpus
from ui.filters import PAGES, sidebar_filters
from ui.page import mark_entry_ran, timed_run

st.set_page_config(page_title="工会报道分析看板", layout="wide")

# URL paths are the file names (/terms, /metrics …), the same paths Streamlit gives the
# files when it reads `pages/` as a legacy page folder, so links work in both modes.
navigation = st.navigation(
    [
        st.Page(path, title=title, url_path=Path(path).stem, default=(n == 0))
        for n, (path, title) in enumerate(PAGES.items())
    ],
    position="hidden",
)
with timed_run(navigation.url_path):
    corpus = get_corpus()
    sidebar_filters(corpus)
    editor_sidebar()
    mark_entry_ran()
    navigation.run()
