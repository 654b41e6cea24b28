"""The opened corpus, kept for every session until a file, setting, correction or the
lexicon changes (`analysis.corpus_version`). Opening goes through `analysis.open_corpus`,
the same door the CLI and notebooks use."""
from __future__ import annotations

import hashlib
import threading
import time

import streamlit as st

from analysis import (Corpus, RESEGMENT_LABEL, Settings, SettingsError, corpus_stamp, corpus_version, data_dir,
                      open_corpus, user_settings)

# Every file's size and time (`corpus_version`) is read again at most this often while the
# app's own writes leave `corpus_stamp` unchanged: 0.23 s a page run at 5,000 files. A file
# edited in place behind the app's back shows within this many seconds.
FULL_CHECK_S = 30.0
_CHECKED: dict[str, tuple[tuple, str, float]] = {}  # data directory → (stamp, version digest, when)
_CHECKED_LOCK = threading.Lock()


@st.cache_resource(max_entries=4, show_spinner=False)
def _opened(version: str, home: str) -> Corpus:
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
    return _opened(_version(str(home)), str(home))


def _digest(version: tuple) -> str:
    """A short key for a corpus version (one entry per file): Streamlit hashes the arguments
    of a cached function on every call, and a 50,000-file tuple cost it seconds."""
    return hashlib.blake2b(repr(version).encode(), digest_size=16).hexdigest()


def _version(home: str) -> str:
    """`corpus_version(home)` (its digest), re-read when `corpus_stamp` moved or after FULL_CHECK_S."""
    stamp, now = corpus_stamp(home), time.monotonic()
    with _CHECKED_LOCK:
        held = _CHECKED.get(home)
    if held is not None and held[0] == stamp and now - held[2] < FULL_CHECK_S:
        return held[1]
    version = _digest(corpus_version(home))
    with _CHECKED_LOCK:
        _CHECKED[home] = (stamp, version, now)
    return version


def current_settings() -> Settings:
    """The user's settings (defaults when the file is broken: the corpus reports why)."""
    try:
        return user_settings(data_dir())
    except SettingsError:
        return Settings()
