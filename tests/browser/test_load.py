"""Browser sessions (contexts of one headless Chromium) at once against the served dashboard:
each loads 总览 and then picks a province in the sidebar. All must succeed with no exception
shown; the server must stay within its memory and CPU budget per step. The timings are
printed and written to docs/load.txt. The suite runs 8 sessions (the 20-session run took
150–215 s of the 10-minute suite, nearly all of it 20 Chromium renderers on 2 cores);
`python -m bench.load --sessions 20` is the full run, its numbers in the README."""
from __future__ import annotations

from pathlib import Path

from bench.load import measure

SESSIONS = 8
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
    # The server's own work per step (a page load or a filter change) stays small (measured
    # ~0.15-0.25 s of CPU), and so does its share of each step's wait: the script run, GIL
    # waits included (measured p50 0.3-1.0 s; its p95, 2-5.5 s, swings with how the 20
    # renderers and the server share the 2 cores, so only the median is held here).
    assert result.server_cpu_s / (2 * SESSIONS) < 0.6
    assert len(result.script_runs) >= 2 * SESSIONS
    assert result.p(0.5, result.script_runs) < 3.0
    # ... and 20 sessions cost it little memory beyond the shared, cached corpus.
    assert result.rss_after_mb - result.rss_before_mb < 300
    # A filter change is a rerun over the open connection, far cheaper than a page load.
    assert result.p(0.5, result.changes) < result.p(0.5, result.loads)
