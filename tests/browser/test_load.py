"""Browser sessions (contexts of one headless Chromium) at once against the served dashboard:
each loads 总览 and then picks a province in the sidebar. All must succeed with no exception
shown; the server must stay within its memory and CPU budget per step. The timings are
printed and written to docs/load.txt. The suite runs 4 sessions (the 20-session run took
150–215 s of the 10-minute suite, nearly all of it 20 Chromium renderers on 2 cores);
`python -m bench.load --sessions 20` is the full run, its numbers in the README."""
from __future__ import annotations

from pathlib import Path

from bench.load import measure

SESSIONS = 4
DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_concurrent_sessions_load_overview_and_change_a_filter(served):
    base, server = served
    warm = measure(base, server.pid, 1, timings=server.timings)  # a fresh server builds the corpus
    assert len(warm.loads) == 1
    result = measure(base, server.pid, SESSIONS, timings=server.timings)
    report = result.report()
    print(report)
    DOCS.mkdir(exist_ok=True)
    (DOCS / "load.txt").write_text(report + "\n", encoding="utf-8")
    assert len(result.loads) == SESSIONS and len(result.changes) == SESSIONS  # all succeeded
    # The server's own work per step (a page load or a filter change) stays small: measured
    # 0.21 s of CPU here and 0.33 s on the CI machine. Its wall time per script run is not held:
    # with 4-8 Chromium renderers saturating 2 cores it measures the scheduler (p50 0.33 s here,
    # 3.1 s on CI for the same CPU work); docs/load.txt and the bench report it.
    assert result.server_cpu_s / (2 * SESSIONS) < 0.5
    assert len(result.script_runs) >= 2 * SESSIONS
    # ... and the sessions cost it little memory beyond the shared, cached corpus.
    assert result.rss_after_mb - result.rss_before_mb < 100  # measured -12 and -7 MB
    # A filter change is a rerun over the open connection, far cheaper than a page load.
    assert result.p(0.5, result.changes) < result.p(0.5, result.loads)
