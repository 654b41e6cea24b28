"""`python -m bench [--articles N]`: engine timings against plain jieba on the same text.

The corpus comes from `bench.generate`: files in the format families users bring, with a
vocabulary that grows with the corpus. Every stage runs in a fresh process, as a user's would:
the build (peak RSS of its whole process tree, workers included, sampled with psutil), a warm
start, one added file, and the serving process (filter + top terms, 总览 cold under AppTest;
its own peak RSS). Prints a table, then one machine-readable line:
n=<articles> ratio=<build/jieba> warm_s=<s> filter_ms=<ms> rss_mb=<MB> build_rss_mb=<MB> overview_s=<s>
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

from bench import print_table

warnings.simplefilter("ignore")
REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the synthetic corpus here and keep it")
    args = parser.parse_args(argv)

    from bench.generate import generate

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="union-bench-"))
    corpus_dir = workdir / "uploads"
    started = time.perf_counter()
    generate(corpus_dir, args.articles)
    generate_s = time.perf_counter() - started
    files = sorted(corpus_dir.glob("*.txt"))
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)

    # Baseline (shared/CONTRACTS.md): jieba.lcut with defaults, one process, after initialize().
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    started = time.perf_counter()
    for f in files:
        jieba.lcut(f.read_text(encoding="utf-8"))
    jieba_s = time.perf_counter() - started

    # Full build in a fresh interpreter, timed from interpreter start to a built Corpus;
    # then a warm start: another fresh interpreter reading the on-disk cache it left.
    cache = workdir / "cache"
    build = _timed_load(corpus_dir, cache)
    warm = _timed_load(corpus_dir, cache)
    (corpus_dir / "zz_added.txt").write_text(
        "成都职工书屋开放\n本报讯 日前，成都市总工会新建职工书屋45家，惠及职工3000余人。\n", encoding="utf-8")
    added = _timed_load(corpus_dir, cache)
    (corpus_dir / "zz_added.txt").unlink()
    _timed_load(corpus_dir, cache)  # the snapshot of the corpus as generated, for the serving process
    serving = _serve(workdir)
    ratio = build["seconds"] / jieba_s if jieba_s else float("nan")
    rows = [
        ("articles (generated / found)", f"{args.articles} / {build['articles']}"),
        ("files", f"{len(files)}"),
        ("characters", f"{len(text):,}"),
        ("distinct terms", f"{build['distinct_terms']:,}"),
        ("figures extracted", f"{build['figures']:,}"),
        ("generate corpus", f"{generate_s:.2f} s"),
        ("plain jieba.lcut (baseline)", f"{jieba_s:.2f} s  ({len(text) / jieba_s / 1e6:.2f} M chars/s)"),
        ("full build, fresh process", f"{build['seconds']:.2f} s"),
        ("build / jieba", f"{ratio:.2f}×"),
        ("build peak RSS, whole process tree", f"{build['tree_rss_mb']:.0f} MB"),
        ("warm start, fresh process (disk cache)", f"{warm['seconds']:.2f} s"),
        ("one file added, fresh process", f"{added['seconds']:.2f} s"),
        ("filter + top terms", f"{serving['filter_ms']:.0f} ms"),
        ("总览 page via AppTest (cold)", f"{serving['overview_s']:.2f} s"),
        ("serving process peak RSS", f"{serving['rss_mb']:.0f} MB"),
    ]
    print_table(rows)
    print(f"n={build['articles']} ratio={ratio:.2f} warm_s={warm['seconds']:.2f} filter_ms={serving['filter_ms']:.0f} "
          f"rss_mb={serving['rss_mb']:.0f} build_rss_mb={build['tree_rss_mb']:.0f} overview_s={serving['overview_s']:.2f}")
    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _tree_rss_mb(process) -> float:
    """Resident memory of a process and all its descendants."""
    import psutil

    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass  # a worker that just ended
    return total / 2**20


def _timed_load(corpus_dir: Path, cache: Path) -> dict:
    """load_corpus in a new process: seconds from interpreter start, what it found, and the
    peak RSS of its whole process tree (sampled every 50 ms)."""
    import psutil

    code = (
        "import time; t=time.perf_counter(); import warnings, json; warnings.simplefilter('ignore'); "
        "from analysis import load_corpus; "
        f"c=load_corpus([{str(corpus_dir)!r}], cache_dir={str(cache)!r}); "
        "print(json.dumps({'articles': len(c.articles), 'figures': len(c.metrics), "
        "'distinct_terms': len(c.terms.vocabulary)}))"
    )
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=REPO)
    process, peak, done = psutil.Process(child.pid), [0.0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            try:
                peak[0] = max(peak[0], _tree_rss_mb(process))
            except psutil.Error:
                return
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    # Count interpreter start-up too (shared/CONTRACTS.md: "everything after interpreter start-up"
    # is the build; the wall time here includes start-up, so it is the stricter number).
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode:
        raise SystemExit(f"build failed ({child.returncode})")
    return dict(json.loads(out), seconds=seconds, tree_rss_mb=peak[0])


_SERVE = """
import json, os, resource, time, warnings
warnings.simplefilter("ignore")
from pathlib import Path
from analysis import open_corpus
from analysis.settings import Settings, save_settings
home = Path(os.environ["UNION_DASH_DATA"])
save_settings(home, Settings(hide_seeds=True))
corpus = open_corpus(data_dir=home)
province = corpus.articles()["province"].dropna().value_counts().index[0]
runs, started = 5, time.perf_counter()
for _ in range(runs):
    corpus.filter(province=province, year="2018-2022").terms(top=50)
filter_ms = (time.perf_counter() - started) / runs * 1000
from streamlit.testing.v1 import AppTest
started = time.perf_counter()
AppTest.from_file("dashboard.py", default_timeout=600).run()
overview_s = time.perf_counter() - started
print(json.dumps({"filter_ms": filter_ms, "overview_s": overview_s,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _serve(data_dir: Path) -> dict:
    """The serving side in a fresh process on the built snapshot: filter + top terms (mean of
    5), 总览 cold under AppTest, and the process's peak RSS."""
    env = dict(os.environ, UNION_DASH_DATA=str(data_dir))
    out = subprocess.run([sys.executable, "-c", _SERVE], capture_output=True, text=True, check=True, cwd=REPO,
                         env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
