"""Fixtures for the real-browser tests: a served dashboard and a headless Chromium."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, server process) of the dashboard served on 127.0.0.1 with a fresh data dir."""
    port = _free_port()
    timings = tmp_path_factory.mktemp("timings") / "script-runs.tsv"
    env = dict(os.environ, UNION_DASH_DATA=str(tmp_path_factory.mktemp("data")), UNION_DASH_TIMINGS=str(timings))
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w+b")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    proc.timings = timings  # the server appends each script run's time here (ui.page.timed_run)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.seek(0)
        pytest.fail("streamlit server did not become healthy:\n" + log.read().decode())
    yield base, proc
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def server(served):
    return served[0]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and not _probe(m.location.get("url", ""))
            and problems.append(f"console: {m.text} @ {m.location}"))
    page.on("response", lambda r: r.status >= 400 and not _probe(r.url) and problems.append(f"http {r.status}: {r.url}"))
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))

    def check_request(request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            return
        problems.append(f"non-local request: {request.url}")

    page.on("request", check_request)
    page.problems = problems
    yield page
    context.close()
    assert problems == []


def _probe(url: str) -> bool:
    """Streamlit's frontend, opened on /<page>, first probes /<page>/_stcore/… to find its
    base path; those 404s are expected and harmless."""
    path = urlparse(url).path
    return "/_stcore/" in path and not path.startswith("/_stcore/")


@pytest.fixture
def dark_page(browser):
    """A tall page in a dark-mode context; any page error fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 2200}, color_scheme="dark")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []
