"""What every page does around its content: set up (corpus, selection, filters), report
what a save did, explain an empty selection, time the run."""
from __future__ import annotations

import errno
import os
import time
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from analysis import DataDirBusy, Filters, data_dir, make_override, record_override
from ui.access import editor_sidebar
from ui.corpus_cache import get_corpus
from ui.filters import current_filters, deduplicated, sidebar_filters
from ui.shared import SharedSelection


CORRECTED_FIELDS = ("title", "province", "city", "district", "year")


def save_correction(article: pd.Series, **fields) -> None:
    """Store one correction (OverrideError, DataDirBusy or OSError on failure, nothing changed).

    Read, merge and write happen under the data directory's lock: two sessions correcting
    articles at the same time keep both corrections. The edit log keeps the article's values
    as shown before, so a wrong correction can be corrected back."""
    before = {key: _plain(article[key]) for key in CORRECTED_FIELDS}
    record_override(data_dir(), make_override(article, **fields), before=before)


def _plain(value):
    """A frame cell as a JSON-ready value (NA → None, numpy scalars → Python)."""
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


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

_ENTRY_RAN_KEY = "_entry_ran_this_run"


def mark_entry_ran() -> None:
    """Called by dashboard.py after it drew the shared sidebar, just before routing."""
    st.session_state[_ENTRY_RAN_KEY] = True


def page_setup() -> tuple[SharedSelection, pd.DataFrame, Filters]:
    """What every page starts with: the corpus as selected by the sidebar, its articles
    (a frame), the filters. The selection's methods (`terms`, `metrics`, `compare` …)
    answer for the selected articles, each computed once for every session that asks.

    Normally the entry script has drawn the shared sidebar already. Streamlit runs a file
    under `pages/` on its own when the first request of a server process (or of an AppTest
    run) names that page: it then treats `pages/` as a legacy page folder until the entry
    has run once. The page then draws the same sidebar (links and filters) itself.
    """
    entry_ran = st.session_state.pop(_ENTRY_RAN_KEY, False)
    corpus = get_corpus()
    if not entry_ran:
        sidebar_filters(corpus)
        editor_sidebar()
    filters = current_filters()
    show_flashed()
    selection = corpus.select(filters)
    if deduplicated():
        selection = selection.unique()
    return SharedSelection(selection), selection.selection, filters


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


TIMINGS_ENV = "UNION_DASH_TIMINGS"


@contextmanager
def timed_run(page: str):
    """Time one script run (the server's share of a page load or a filter change).

    With `UNION_DASH_TIMINGS=<file>` set, one line `page<TAB>seconds<TAB>cpu_seconds` is
    appended per run (the CPU of the run's own thread); the load benchmark reads it to tell
    the server's time from the browser's, and the run's work from its waiting."""
    target = os.environ.get(TIMINGS_ENV)
    started, cpu_started = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        if target:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(f"{page or 'overview'}\t{time.perf_counter() - started:.4f}"
                             f"\t{time.thread_time() - cpu_started:.4f}\n")
