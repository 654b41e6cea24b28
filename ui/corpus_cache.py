"""The opened corpus, kept for every session until a file, setting, correction or the
lexicon changes (`analysis.corpus_version`). Opening goes through `analysis.open_corpus`,
the same door the CLI and notebooks use."""
from __future__ import annotations

import streamlit as st

from analysis import Corpus, RESEGMENT_LABEL, Settings, SettingsError, corpus_version, data_dir, open_corpus, user_settings


@st.cache_resource(max_entries=4, show_spinner=False)
def _opened(version: tuple, home: str) -> Corpus:
    progress = st.progress(0.0, text="正在分析语料……")

    def report(done: int, total: int, name: str) -> None:
        text = (f"词典已改，正在重新分词：{done}/{total} 篇文章" if name == RESEGMENT_LABEL
                else f"正在分析第 {done}/{total} 个文件：{name}")
        progress.progress(done / max(total, 1), text=text)

    # One process: worker processes started from the Streamlit server would re-run the
    # dashboard script as their __main__ (multiprocessing re-imports it by path).
    corpus = open_corpus(data_dir=home, on_progress=report, workers=1)
    progress.empty()
    return corpus


def get_corpus() -> Corpus:
    """The seeds plus the user's uploads, with settings, corrections, themes and stopwords
    applied. Re-opening after a correction or a lexicon edit reuses the files' analysis."""
    home = data_dir()
    return _opened(corpus_version(home), str(home))


def current_settings() -> Settings:
    """The user's settings (defaults when the file is broken: the corpus reports why)."""
    try:
        return user_settings(data_dir())
    except SettingsError:
        return Settings()
