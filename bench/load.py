"""`python -m bench.load [--sessions N]`: N browser sessions (contexts of one headless
Chromium) load 总览 and then pick a province in the sidebar, all at once, against the served
app on 127.0.0.1. Prints p50/p95/max of both steps, where the CPU went (server, browser)
and the server's memory. Needs Debian chromium. tests/browser/test_load.py runs the same.

`python -m bench.load --sessions N --minutes M [--seed S]` is the soak: each session keeps
opening random pages (by a sidebar link or by a URL with random filters) and doing 1-3
random sidebar interactions until M minutes are up; it reports errors, the server's memory
over time, its time per script run (per page too) and the CPU, and writes docs/soak.txt."""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
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


async def run(base: str, sessions: int, ramp: float = 0.0, server_pid: int | None = None) -> list[tuple[float, float]]:
    """`sessions` contexts of one Chromium, started at once (`ramp` 0) or one after another
    over `ramp` seconds, all connected at the same time; their (load, filter change) times."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # The 20 browsers stand in for 20 users' own machines: on this one machine they run
        # at a lower priority, so they do not starve the server they are measuring.
        renice_descendants(BROWSER_NICENESS, spare=server_pid)
        try:
            return await asyncio.gather(*(
                session(browser, base, delay=ramp * i / sessions) for i in range(sessions)))
        finally:
            await browser.close()


BROWSER_NICENESS = 10


def renice_descendants(niceness: int, spare: int | None = None) -> int:
    """Lower the priority of every process started below this one (the playwright driver,
    Chromium and its zygote, whose renderers inherit it), except `spare` (the server being
    measured, when this process started it) and what it started; return how many.

    Chromium runs in a session of its own, so Linux's scheduler autogroups give it a CPU share
    equal to the server's whatever its processes' nice values: its autogroups are lowered too
    (/proc/PID/autogroup)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat", encoding="ascii", errors="replace").read()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    ours = {_autogroup(os.getpid()), _autogroup(spare) if spare else None} - {None}
    todo, count = [pid for pid in children.get(os.getpid(), []) if pid != spare], 0
    while todo:
        pid = todo.pop()
        todo.extend(child for child in children.get(pid, []) if child != spare)
        try:
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
            count += 1
        except OSError:
            continue
        if _autogroup(pid) not in ours:  # never the group the server (or this process) runs in
            try:
                with open(f"/proc/{pid}/autogroup", "w", encoding="ascii") as group:
                    group.write(str(niceness))
            except OSError:  # not allowed: nice alone then
                pass
    return count


def _autogroup(pid: int) -> str | None:
    """The scheduler autogroup of a process (`/autogroup-700`), None without autogroups."""
    try:
        return open(f"/proc/{pid}/autogroup", encoding="ascii").read().split()[0]
    except (OSError, IndexError):
        return None


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
    results = asyncio.run(run(base, sessions, ramp, server_pid))
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
    return [seconds for _, seconds, _ in _script_runs_by_page(timings, offset)]

# ---------------------------------------------------------------------------------------
# Soak: `--minutes M`. Every session loops until the deadline: open a random page (by a
# sidebar link or by a URL with random filters), then 1-3 random sidebar interactions,
# each followed by a wait until the app is idle again.

SOAK_PAGES = {  # URL path → sidebar link label (ui.filters.PAGES)
    "/": "总览", "/terms": "词频与词云", "/themes": "主题", "/metrics": "指标", "/compare": "地区对比",
    "/trends": "趋势", "/reader": "阅读", "/articles": "文章", "/corpus": "语料管理",
}
STEP_TIMEOUT_MS = 300_000  # twenty renderers on two cores: a step may take long
NO_RUN_GRACE_MS = 30_000  # idle this long after an action without a script run seen: settled
RSS_EVERY_S = 10.0
DOCS = REPO / "docs"
NO_MATCH_KEYWORD = "无此关键词样例"  # an empty selection is a case too

# Tells when the script run an action started has finished. The frontend does not mark the
# app as running before the server answers a widget change, so the idle state seen right
# after an action may be the one before its run. A run is known to have happened when
# `data-test-script-state` has left notRunning since (counted below; a very short run can be
# drawn in one go and never show it), or when the URL changed (every soak action changes the
# path or the query string, which the server rewrites during the run), or, on a newly
# opened page, when the sidebar has been drawn; then notRunning must hold for 300 ms.
SCRIPT_RUN_OBSERVER = """
(() => {
  const soak = window.__soak = {runs: 0, doc: Math.random(), at: Date.now(), last: null, calm: null};
  const check = () => {
    const state = document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') ?? null;
    if (state !== soak.last) {
      if (state && state !== 'notRunning') soak.runs += 1;
      soak.last = state;
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();
"""
MARK = "() => { const s = window.__soak; s.at = Date.now(); s.calm = null; return [s.doc, s.runs, location.href]; }"
RAN = """([doc, before, href]) => {
  const s = window.__soak;
  if (s.doc !== doc) return s.runs > 0 || document.querySelector('[data-testid="stSidebar"] [data-testid="stPageLink"]') !== null;
  return s.runs > before || location.href !== href;
}"""
SETTLED = """([doc, before, href, grace]) => {
  const s = window.__soak;
  if (!s || document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') !== 'notRunning') {
    if (s) s.calm = null;
    return false;
  }
  if (Date.now() - s.at > grace) return true;
  if (!(""" + RAN + """)([doc, before, href])) return false;
  s.calm = s.calm ?? Date.now();
  return Date.now() - s.calm >= 300;
}"""
# Anything but the served app (and inline data) is a request to a non-local host.
NON_LOCAL = re.compile(r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost)(?::\d+)?(?:/|$))(?!data:|blob:)")


@dataclass
class Places:
    """What random filters are drawn from: the served corpus's provinces with their cities,
    its years and frequent terms."""

    cities: dict[str, list[str]]
    years: list[int]
    keywords: list[str]


def corpus_places(data: Path) -> Places:
    """Open the corpus the server serves (its analysis is cached in `data` by then)."""
    from analysis import open_corpus

    corpus = open_corpus(data_dir=data, workers=1)
    articles = corpus.frames.articles
    cities = {str(province): sorted({str(c) for c in group["city"].dropna() if str(c)})
              for province, group in articles.groupby("province") if str(province)}
    years = sorted(int(y) for y in articles["year"].dropna().unique())
    keywords = [str(t) for t in corpus.terms(top=60)["term"] if len(str(t)) >= 2][:30]
    return Places(cities=cities, years=years, keywords=keywords + [NO_MATCH_KEYWORD])


def random_query(rng: random.Random, places: Places) -> str:
    """A query string of random filters: provinces (sometimes short names), cities of those,
    a year or a span, a keyword, dedup=0/1; often only some of them, sometimes none."""
    params: list[tuple[str, str]] = []
    provinces = rng.sample(sorted(places.cities), k=min(len(places.cities), rng.choice([0, 0, 1, 1, 1, 2])))
    for province in provinces:
        short = rng.random() < 0.3 and len(province) > 2 and province[-1] in "省市"
        params.append(("province", province[:-1] if short else province))
    cities = [c for p in provinces for c in places.cities[p]]
    if cities and rng.random() < 0.4:
        params.append(("city", rng.choice(cities)))
    if places.years and rng.random() < 0.4:
        low = rng.randint(places.years[0] - 2, places.years[-1])
        high = rng.randint(low, places.years[-1] + 1)
        params.append(("year", str(low) if low == high else f"{low}-{high}"))
    if rng.random() < 0.3:
        params.append(("q", rng.choice(places.keywords)))
    if rng.random() < 0.4:
        params.append(("dedup", rng.choice("01")))
    return urllib.parse.urlencode(params)


@dataclass
class SoakLog:
    """What the sessions of a soak saw."""

    steps: list[tuple[str, str, float]] = field(default_factory=list)  # (page, action kind, browser seconds)
    errors: list[str] = field(default_factory=list)  # "session 3, /terms, <action>: <message>"
    no_run_seen: int = 0  # steps settled after NO_RUN_GRACE_MS without a script run seen
    non_local: int = 0  # requests to a non-local host (aborted)

    def error(self, session: int, where: dict, message: str) -> None:
        self.errors.append(f"session {session}, {where['page']}, {where['action']}: {message}")


async def _settle(page, mark, log: SoakLog) -> None:
    """Wait until the script run the last action started has finished."""
    await page.wait_for_function(SETTLED, arg=[*mark, NO_RUN_GRACE_MS], polling=100, timeout=STEP_TIMEOUT_MS)
    if not await page.evaluate(RAN, list(mark)):
        log.no_run_seen += 1


async def _pick_province(page, rng: random.Random) -> str:
    """Pick a random option of the sidebar's 省份 (sometimes remove a chosen one instead)."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="省份")
    tags = box.locator("[data-tag]")
    chosen = await tags.count()
    if not (chosen and rng.random() < 0.3):
        await box.locator("input").click()
        options = page.get_by_role("option")
        try:
            await options.first.wait_for(timeout=5000)
        except PlaywrightTimeout:
            pass
        count = await options.count()
        if count:
            option = options.nth(rng.randrange(count))
            name = (await option.inner_text()).strip()
            await option.click()
            await _leave(page)
            return f"pick province {name}"
        await _leave(page)
    tag = tags.nth(rng.randrange(chosen))
    name = (await tag.get_attribute("aria-label")) or "?"
    await tag.get_by_role("button").click()
    return f"remove province {name}"


async def _leave(page) -> None:
    """Close the dropdown and leave the field, as a user moving on would. (Focused, the
    multiselect is a row taller; the next click elsewhere would blur it, the sidebar would
    move up under the pointer and the click land beside its target.)"""
    await page.keyboard.press("Escape")
    await page.evaluate("() => document.activeElement?.blur()")


async def _toggle(page, label: str) -> str:
    await page.locator('[data-testid="stSidebar"]').get_by_text(label).click()
    return f"toggle {label}"


async def _type_keyword(page, rng: random.Random, places: Places) -> str:
    field_ = page.locator('[data-testid="stSidebar"]').get_by_label("关键词")
    current = await field_.input_value()
    keyword = rng.choice([k for k in places.keywords + [""] if k != current])
    await field_.fill(keyword)
    await field_.press("Enter")
    return f"keyword {keyword!r}"


INTERACTIONS = ("province", "year", "keyword", "dedup")


async def soak_session(browser, base: str, index: int, rng: random.Random, deadline: float,
                       places: Places, log: SoakLog, delay: float = 0.0) -> None:
    """One user until `deadline` (time.monotonic()): random pages and interactions."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    await context.add_init_script(SCRIPT_RUN_OBSERVER)
    where = {"page": "-", "action": "start"}

    async def refuse(route):
        log.non_local += 1
        log.error(index, where, f"request to a non-local host: {route.request.url}")
        await route.abort()

    await context.route(NON_LOCAL, refuse)
    page = await context.new_page()
    page.on("console", lambda m: m.type == "error" and not _probe(m.location.get("url", ""))
            and log.error(index, where, f"console: {m.text} @ {m.location.get('url', '')}"))
    page.on("pageerror", lambda e: log.error(index, where, f"pageerror: {e}"))
    page.on("response", lambda r: r.status >= 400 and not _probe(r.url)
            and log.error(index, where, f"http {r.status}: {r.url}"))
    current: str | None = None  # the page shown, None before the first or after a failed step
    try:
        while time.monotonic() < deadline:
            target = rng.choice([p for p in SOAK_PAGES if p != current])
            if current is not None and rng.random() < 0.5:
                kind, label = "link", SOAK_PAGES[target]
                where.update(page=target, action=f"sidebar link {label}")

                async def act(label=label):
                    await page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').filter(
                        has=page.get_by_text(label, exact=True)).click()
            else:
                query = random_query(rng, places)
                kind, url = "open", target + (f"?{urllib.parse.unquote(query)}" if query else "")
                where.update(page=target, action=f"open {url}")

                async def act(query=query, target=target):
                    await page.goto(base + target + (f"?{query}" if query else ""), timeout=STEP_TIMEOUT_MS)
            current = target if await _soak_step(page, index, kind, act, where, log) else None
            for _ in range(rng.randint(1, 3)):
                if current is None or time.monotonic() >= deadline:
                    break
                choice = rng.choice(INTERACTIONS)

                async def act(choice=choice):
                    if choice == "province":
                        where["action"] = await _pick_province(page, rng)
                    elif choice == "year":
                        where["action"] = await _toggle(page, "按年份筛选")
                    elif choice == "keyword":
                        where["action"] = await _type_keyword(page, rng, places)
                    else:
                        where["action"] = await _toggle(page, "去重：同一报道只计一次")
                where["action"] = choice
                if not await _soak_step(page, index, choice, act, where, log):
                    current = None
    finally:
        await context.close()


async def _soak_step(page, index: int, kind: str, act, where: dict, log: SoakLog) -> bool:
    """One action and the wait for its script run; False (and an error logged) if it failed
    or the page shows an exception."""
    started = time.perf_counter()
    try:
        mark = await page.evaluate(MARK) if kind != "open" else [None, 0, ""]
        await act()
        await _settle(page, mark, log)
        log.steps.append((where["page"], kind, time.perf_counter() - started))
        exceptions = page.locator('[data-testid="stException"]')
        if await exceptions.count():
            log.error(index, where, "exception shown: " + (await exceptions.first.inner_text()).strip()[:800])
            return False
        return True
    except Exception as err:  # a timeout, a missing widget: logged, the session goes on
        log.error(index, where, f"{type(err).__name__}: {str(err).splitlines()[0][:300]}")
        return False


def soak_warmup_s(minutes: float) -> float:
    """The first 2 minutes or 20 % of the run, whichever is shorter."""
    return min(120.0, 0.2 * minutes * 60)


async def _sample_rss(pid: int, samples: list[tuple[float, float]], started: float, stop: asyncio.Event,
                      warmup_s: float, at_warmup) -> None:
    """Sample the server's RSS every RSS_EVERY_S until `stop`; call `at_warmup()` at the
    first sample after the warm-up."""
    while True:
        samples.append((time.monotonic() - started, rss_mb(pid)))
        if at_warmup is not None and samples[-1][0] >= warmup_s:
            at_warmup()
            at_warmup = None
        try:
            await asyncio.wait_for(stop.wait(), RSS_EVERY_S)
            samples.append((time.monotonic() - started, rss_mb(pid)))
            return
        except asyncio.TimeoutError:
            continue


async def run_soak(base: str, server_pid: int, sessions: int, minutes: float, seed: int, places: Places,
                   ramp: float, log: SoakLog, rss: list[tuple[float, float]], at_warmup=None) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        renice_descendants(BROWSER_NICENESS, spare=server_pid)
        started = time.monotonic()
        deadline = started + minutes * 60
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_rss(server_pid, rss, started, stop, soak_warmup_s(minutes), at_warmup))
        try:
            await asyncio.gather(*(
                soak_session(browser, base, i, random.Random(seed * 1000 + i), deadline, places, log,
                             delay=ramp * i / sessions)
                for i in range(sessions)))
        finally:
            stop.set()
            await sampler
            await browser.close()


@dataclass
class SoakResult:
    """What one soak run measured."""

    sessions: int
    minutes: float
    seed: int
    log: SoakLog
    rss: list[tuple[float, float]]  # (seconds since the start, server RSS in MB)
    script_runs: list[tuple[str, float, float]]  # (page, seconds, CPU seconds) of the server's script runs
    runs_after_warmup: list[float]  # the seconds of those that started after the warm-up (±10 s)
    wall_s: float
    server_cpu_s: float
    machine_cpu_s: float

    @property
    def warmup_s(self) -> float:
        """The first 2 minutes or 20 % of the run, whichever is shorter."""
        return soak_warmup_s(self.minutes)

    @property
    def window_s(self) -> float:
        """The length of the windows whose mean RSS is compared (≥ 3 samples)."""
        return max(3 * RSS_EVERY_S, 0.1 * self.minutes * 60)

    def rss_figures(self) -> tuple[float, float, float, float]:
        """(mean RSS in the window right after the warm-up, max after the warm-up, mean in the
        last window, growth = last-window mean − warm-up mean), in MB."""
        after = [(t, v) for t, v in self.rss if t >= self.warmup_s] or self.rss[-1:]
        warm = [v for t, v in after if t <= after[0][0] + self.window_s]
        end = after[-1][0]
        last = [v for t, v in after if t >= end - self.window_s]
        warm_mean, last_mean = sum(warm) / len(warm), sum(last) / len(last)
        return warm_mean, max(v for _, v in after), last_mean, last_mean - warm_mean

    @property
    def step_p95(self) -> float:
        return _quantile([s for _, s, _ in self.script_runs], 0.95)

    def report(self) -> str:
        log, cores = self.log, os.cpu_count()
        opens = sum(1 for _, kind, _ in log.steps if kind == "open")
        links = sum(1 for _, kind, _ in log.steps if kind == "link")
        browser_steps = [s for _, _, s in log.steps]
        warm, peak, last, growth = self.rss_figures()
        runs = [s for _, s, _ in self.script_runs]
        cpu = [c for _, _, c in self.script_runs]
        lines = [
            f"soak: {self.sessions} sessions for {self.minutes:g} min (seed {self.seed}), wall {self.wall_s:.0f} s: "
            f"{len(log.steps)} steps done ({opens} pages opened by URL, {links} by sidebar link, "
            f"{len(log.steps) - opens - links} sidebar interactions), {len(log.errors)} errors, "
            f"{log.non_local} non-local requests, {log.no_run_seen} steps settled without a script run seen",
        ]
        if browser_steps:
            lines.append(f"browser step (as the sessions saw it, {cores} cores shared with the browsers): "
                         f"p50 {_quantile(browser_steps, 0.5):.2f} s  p95 {_quantile(browser_steps, 0.95):.2f} s  "
                         f"max {max(browser_steps):.2f} s")
        if runs:
            late = self.runs_after_warmup
            lines.append(f"server step (script run): {len(runs)} runs, p50 {_quantile(runs, 0.5):.2f} s  "
                         f"p95 {_quantile(runs, 0.95):.2f} s  max {max(runs):.2f} s; after the warm-up "
                         + (f"{len(late)} runs, p50 {_quantile(late, 0.5):.2f} s  p95 {_quantile(late, 0.95):.2f} s  "
                            f"max {max(late):.2f} s" if late else "none"))
            lines.append(f"  of which the run's own CPU (its thread; the rest is waiting for the CPU or the GIL): "
                         f"p50 {_quantile(cpu, 0.5):.2f} s  p95 {_quantile(cpu, 0.95):.2f} s")
            for name in sorted({p for p, _, _ in self.script_runs}):
                mine = [s for p, s, _ in self.script_runs if p == name]
                work = [c for p, _, c in self.script_runs if p == name]
                lines.append(f"  {name:<9} {len(mine):>5} runs  p50 {_quantile(mine, 0.5):.2f} s  "
                             f"p95 {_quantile(mine, 0.95):.2f} s  max {max(mine):.2f} s  "
                             f"(CPU p50 {_quantile(work, 0.5):.2f} s  p95 {_quantile(work, 0.95):.2f} s)")
        lines += [
            f"server RSS (every {RSS_EVERY_S:.0f} s, {len(self.rss)} samples): {self.rss[0][1]:.0f} MB at the start; "
            f"after the {self.warmup_s:.0f} s warm-up {warm:.0f} MB (mean over {self.window_s:.0f} s), "
            f"max after warm-up {peak:.0f} MB, last {self.window_s:.0f} s mean {last:.0f} MB: growth {growth:+.1f} MB",
            "  RSS samples (s: MB): " + " ".join(f"{t:.0f}:{v:.0f}" for t, v in self.rss),
            f"CPU: server {self.server_cpu_s:.0f} s ({100 * self.server_cpu_s / self.wall_s:.0f} % of one core), "
            f"whole machine {self.machine_cpu_s:.0f} s ({100 * self.machine_cpu_s / (self.wall_s * cores):.0f} % of "
            f"{cores} cores over {self.wall_s:.0f} s; browsers at nice {BROWSER_NICENESS})",
        ]
        if log.errors:
            lines.append("first errors:")
            seen: set[str] = set()
            for error in log.errors:
                message = error.split(": ", 1)[1] if ": " in error else error
                if message not in seen and len(seen) < 8:
                    seen.add(message)
                    lines.append(f"  {error}")
        lines.append(
            f"soak sessions={self.sessions} minutes={self.minutes:g} steps={len(log.steps)} errors={len(log.errors)} "
            f"rss_warm_mb={warm:.0f} rss_growth_mb={growth:.1f} step_p95_s={self.step_p95:.2f}")
        return "\n".join(lines)


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def soak(base: str, server_pid: int, sessions: int, minutes: float, seed: int, places: Places,
         ramp: float = 0.0, timings: Path | None = None) -> SoakResult:
    """Run the soak against a served app and collect what it measured."""
    offset = timings.stat().st_size if timings is not None and timings.exists() else 0
    cpu_before, busy_before = cpu_seconds(server_pid), machine_busy_seconds()
    log, rss, warm_offset = SoakLog(), [], []

    def at_warmup() -> None:
        warm_offset.append(timings.stat().st_size if timings is not None and timings.exists() else 0)

    started = time.perf_counter()
    asyncio.run(run_soak(base, server_pid, sessions, minutes, seed, places, ramp, log, rss, at_warmup))
    return SoakResult(
        sessions=sessions, minutes=minutes, seed=seed, log=log, rss=rss,
        script_runs=_script_runs_by_page(timings, offset),
        runs_after_warmup=[s for _, s, _ in _script_runs_by_page(timings, warm_offset[0])] if warm_offset else [],
        wall_s=time.perf_counter() - started,
        server_cpu_s=cpu_seconds(server_pid) - cpu_before,
        machine_cpu_s=machine_busy_seconds() - busy_before,
    )


def _script_runs_by_page(timings: Path | None, offset: int) -> list[tuple[str, float, float]]:
    """(page, wall seconds, CPU seconds of the run's thread) per script run."""
    if timings is None or not timings.exists():
        return []
    with open(timings, encoding="utf-8") as handle:
        handle.seek(offset)
        rows = [line.rstrip("\n").split("\t") for line in handle if "\t" in line]
    return [(name or "overview", float(seconds), float(rest[0]) if rest else float("nan"))
            for name, seconds, *rest in rows]


def _probe(url: str) -> bool:
    """Streamlit's frontend, opened on /<page>, first probes /<page>/_stcore/… to find its
    base path; those 404s are expected (as in tests/browser/conftest.py)."""
    path = urllib.parse.urlparse(url).path
    return "/_stcore/" in path and not path.startswith("/_stcore/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="start the sessions one after another over this many seconds (0: all at once)")
    parser.add_argument("--minutes", type=float, default=None,
                        help="soak: every session cycles through random pages, filters and interactions "
                             "for this many minutes (report also in docs/soak.txt)")
    parser.add_argument("--seed", type=int, default=1, help="the soak's random seed")
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
    status = 0
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
        if args.minutes is None:
            print(measure(base, server.pid, args.sessions, args.ramp, timings=timings).report())
        else:
            result = soak(base, server.pid, args.sessions, args.minutes, args.seed, corpus_places(data),
                          args.ramp, timings=timings)
            report = result.report()
            print(report)
            DOCS.mkdir(exist_ok=True)
            (DOCS / "soak.txt").write_text(report + "\n", encoding="utf-8")
            status = 1 if result.log.errors else 0
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
