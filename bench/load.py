"""`python -m bench.load [--sessions N]`: N browser sessions (contexts of one headless
Chromium) load 总览 and then pick a province in the sidebar, all at once, against the served
app on 127.0.0.1. Prints p50/p95/max of both steps, where the CPU went (server, browser)
and the server's memory. Needs Debian chromium. tests/browser/test_load.py runs the same."""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
READY = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
    " && document.querySelector('.js-plotly-plot .main-svg') !== null"
)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc)."""
    fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


CHANGED = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
    " && location.search.includes('province=')"
)


async def session(browser, base: str, province: str = "江苏省", delay: float = 0.0) -> tuple[float, float]:
    """(seconds until 总览 is ready, seconds until a province filter chosen in the sidebar
    has been applied) for one browser context, started after `delay` seconds."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    # Twenty renderers share two cores: any single step may take far longer than usual.
    context.set_default_timeout(300_000)
    try:
        page = await context.new_page()
        started = time.perf_counter()
        await page.goto(base, timeout=300000)
        await page.wait_for_function(READY, timeout=300000)
        loaded = time.perf_counter() - started
        await _no_exception(page)
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="省份")
        await box.locator("input").click()
        started = time.perf_counter()
        await page.get_by_role("option", name=province).click()
        await page.wait_for_function(CHANGED, timeout=300000)
        await page.wait_for_function(READY, timeout=300000)
        changed = time.perf_counter() - started
        await _no_exception(page)
        return loaded, changed
    finally:
        await context.close()


async def _no_exception(page) -> None:
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"exception shown on {page.url}")


async def run(base: str, sessions: int, ramp: float = 0.0) -> list[tuple[float, float]]:
    """`sessions` contexts of one Chromium, started at once (`ramp` 0) or one after another
    over `ramp` seconds, all connected at the same time; their (load, filter change) times."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # The 20 browsers stand in for 20 users' own machines: on this one machine they run
        # at a lower priority, so they do not starve the server they are measuring.
        renice_descendants(BROWSER_NICENESS)
        try:
            return await asyncio.gather(*(
                session(browser, base, delay=ramp * i / sessions) for i in range(sessions)))
        finally:
            await browser.close()


BROWSER_NICENESS = 10


def renice_descendants(niceness: int) -> int:
    """Lower the priority of every process started below this one (the playwright driver,
    Chromium and its zygote, whose renderers inherit it); return how many."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat", encoding="ascii", errors="replace").read()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    todo, count = list(children.get(os.getpid(), [])), 0
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
            count += 1
        except OSError:
            continue
    return count


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores, from /proc/stat)."""
    values = [int(v) for v in open("/proc/stat", encoding="ascii").readline().split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


@dataclass
class LoadResult:
    """What one load run measured."""

    sessions: int
    ramp_s: float
    loads: list[float]
    changes: list[float]
    wall_s: float
    server_cpu_s: float
    machine_cpu_s: float
    rss_before_mb: float
    rss_after_mb: float
    script_runs: list[float] = field(default_factory=list)  # the server's time per script run

    @property
    def all_steps(self) -> list[float]:
        return sorted(self.loads + self.changes)

    def p(self, q: float, values: list[float] | None = None) -> float:
        values = sorted(values if values is not None else self.all_steps)
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]

    def report(self) -> str:
        return "\n".join([
            f"sessions {self.sessions} ({'all at once' if not self.ramp_s else f'arriving over {self.ramp_s:.0f} s'}): "
            f"{len(self.loads)} page loads + {len(self.changes)} filter changes, wall {self.wall_s:.1f} s",
            f"总览 ready     p50 {self.p(0.5, self.loads):.2f} s  p95 {self.p(0.95, self.loads):.2f} s  "
            f"max {max(self.loads):.2f} s",
            f"filter change p50 {self.p(0.5, self.changes):.2f} s  p95 {self.p(0.95, self.changes):.2f} s  "
            f"max {max(self.changes):.2f} s",
            f"all steps     p95 {self.p(0.95):.2f} s",
            f"CPU: server {self.server_cpu_s:.1f} s, whole machine {self.machine_cpu_s:.1f} s "
            f"(browser and harness: {self.machine_cpu_s - self.server_cpu_s:.1f} s) of {self.wall_s:.1f} s wall on "
            f"{os.cpu_count()} cores",
            f"server RSS {self.rss_before_mb:.0f} MB before, {self.rss_after_mb:.0f} MB after",
            *([f"server script runs: {len(self.script_runs)}, p50 {self.p(0.5, self.script_runs):.2f} s, "
               f"p95 {self.p(0.95, self.script_runs):.2f} s, max {max(self.script_runs):.2f} s "
               f"(the server's share of a page load or filter change, GIL waits included)"]
              if self.script_runs else []),
        ])


def measure(base: str, server_pid: int, sessions: int, ramp: float = 0.0,
            timings: Path | None = None) -> LoadResult:
    """Run the sessions against a served app and collect timings, CPU and memory.

    `timings`: the file the server appends its script-run times to (UNION_DASH_TIMINGS)."""
    offset = timings.stat().st_size if timings is not None and timings.exists() else 0
    rss_before, cpu_before, busy_before = rss_mb(server_pid), cpu_seconds(server_pid), machine_busy_seconds()
    started = time.perf_counter()
    results = asyncio.run(run(base, sessions, ramp))
    return LoadResult(
        sessions=sessions,
        ramp_s=ramp,
        loads=[loaded for loaded, _ in results],
        changes=[changed for _, changed in results],
        wall_s=time.perf_counter() - started,
        server_cpu_s=cpu_seconds(server_pid) - cpu_before,
        machine_cpu_s=machine_busy_seconds() - busy_before,
        rss_before_mb=rss_before,
        rss_after_mb=rss_mb(server_pid),
        script_runs=_script_runs(timings, offset),
    )


def _script_runs(timings: Path | None, offset: int) -> list[float]:
    if timings is None or not timings.exists():
        return []
    with open(timings, encoding="utf-8") as handle:
        handle.seek(offset)
        return [float(line.split("\t")[1]) for line in handle if "\t" in line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="start the sessions one after another over this many seconds (0: all at once)")
    args = parser.parse_args(argv)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = Path(tempfile.mkdtemp(prefix="union-load-"))
    timings = data / "script-runs.tsv"
    env = dict(os.environ, UNION_DASH_DATA=str(data), UNION_DASH_TIMINGS=str(timings))
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        # The first page load of a fresh server builds the corpus and the map outlines:
        # timed on its own, then the sessions meet a server that is already serving.
        first = measure(base, server.pid, 1, timings=timings)
        print(f"first session on a fresh server (corpus build included): load {first.loads[0]:.1f} s, "
              f"filter change {first.changes[0]:.2f} s")
        print(measure(base, server.pid, args.sessions, args.ramp, timings=timings).report())
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
