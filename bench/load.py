"""`python -m bench.load [--sessions N]`: N browser sessions (contexts of one headless
Chromium) load 总览 and then change a filter, all at once, against the served app on
127.0.0.1. Prints page-ready p50/p95/max and the server's memory. Needs Debian chromium."""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
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


async def session(browser, base: str) -> list[float]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    timings = []
    for url in (base, f"{base}/?province=江苏省&year=2022-2023"):
        started = time.perf_counter()
        await page.goto(url)
        await page.wait_for_function(READY, timeout=300000)
        if await page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"exception shown on {url}")
        timings.append(time.perf_counter() - started)
    await context.close()
    return timings


async def run(base: str, sessions: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            results = await asyncio.gather(*(session(browser, base) for _ in range(sessions)))
        finally:
            await browser.close()
    return sorted(t for timings in results for t in timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args(argv)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, UNION_DASH_DATA=tempfile.mkdtemp(prefix="union-load-"))
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
        before = rss_mb(server.pid)
        cpu_before = cpu_seconds(server.pid)
        started = time.perf_counter()
        timings = asyncio.run(run(base, args.sessions))
        wall = time.perf_counter() - started
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(f"sessions {args.sessions}, page loads {len(timings)}, wall {wall:.1f} s")
        print(f"page ready p50 {timings[len(timings) // 2]:.2f} s, p95 {p95:.2f} s, max {timings[-1]:.2f} s")
        print(f"server RSS {before:.0f} MB before, {rss_mb(server.pid):.0f} MB after; "
              f"server CPU {cpu_seconds(server.pid) - cpu_before:.1f} s of {wall:.1f} s wall")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
