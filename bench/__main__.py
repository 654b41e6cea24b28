"""`python -m bench [--articles N]`: engine timings against plain jieba on the same text.

Prints a table, then one machine-readable line:
n=<articles> ratio=<build/jieba> warm_s=<s> filter_ms=<ms> rss_mb=<MB>
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.simplefilter("ignore")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    build_s, n_articles, n_metrics = _timed_load(corpus_dir, cache)
    warm_s, _, _ = _timed_load(corpus_dir, cache)
    (corpus_dir / "zz_added.txt").write_text(
        "成都职工书屋开放\n本报讯 日前，成都市总工会新建职工书屋45家，惠及职工3000余人。\n", encoding="utf-8")
    added_s, _, _ = _timed_load(corpus_dir, cache)
    (corpus_dir / "zz_added.txt").unlink()

    from analysis import Filters, apply_filters, load_corpus, load_stopwords, term_table

    corpus = load_corpus([corpus_dir], cache_dir=cache)

    stopwords = load_stopwords()
    province = corpus.articles["province"].dropna().value_counts().index[0]
    started = time.perf_counter()
    runs = 5
    for _ in range(runs):
        selected = apply_filters(corpus.articles, Filters(province=(province,), year=(2018, 2022)))
        term_table(selected, corpus.terms, stopwords=stopwords, top=50)
    filter_ms = (time.perf_counter() - started) / runs * 1000

    render_s = _render_page(workdir)
    rss = _rss_mb()
    ratio = build_s / jieba_s if jieba_s else float("nan")
    rows = [
        ("articles (generated / found)", f"{args.articles} / {n_articles}"),
        ("files", f"{len(files)}"),
        ("characters", f"{len(text):,}"),
        ("figures extracted", n_metrics),
        ("generate corpus", f"{generate_s:.2f} s"),
        ("plain jieba.lcut (baseline)", f"{jieba_s:.2f} s  ({len(text) / jieba_s / 1e6:.2f} M chars/s)"),
        ("full build, fresh process", f"{build_s:.2f} s"),
        ("build / jieba", f"{ratio:.2f}×"),
        ("warm start, fresh process (disk cache)", f"{warm_s:.2f} s"),
        ("one file added, fresh process", f"{added_s:.2f} s"),
        ("filter + top terms", f"{filter_ms:.0f} ms"),
        ("总览 page via AppTest (cold)", f"{render_s:.2f} s"),
        ("peak RSS (this process)", f"{rss:.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print(f"n={n_articles} ratio={ratio:.2f} warm_s={warm_s:.2f} filter_ms={filter_ms:.0f} rss_mb={rss:.0f}")
    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _timed_load(corpus_dir: Path, cache: Path) -> tuple[float, str, str]:
    """(seconds from interpreter start, articles, figures) of load_corpus in a new process."""
    code = (
        "import time; t=time.perf_counter(); import warnings; warnings.simplefilter('ignore'); "
        "from analysis import load_corpus; "
        f"c=load_corpus([{str(corpus_dir)!r}], cache_dir={str(cache)!r}); "
        "print(time.perf_counter()-t, len(c.articles), len(c.metrics))"
    )
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout.split()
    # Count interpreter start-up too (shared/CONTRACTS.md: "everything after interpreter start-up"
    # is the build; the wall time here includes start-up, so it is the stricter number).
    return time.perf_counter() - started, out[1], out[2]


def _render_page(data_dir: Path) -> float:
    """Seconds for AppTest to render 总览 on the synthetic corpus (seeds hidden)."""
    from streamlit.testing.v1 import AppTest

    from analysis.settings import Settings, save_settings

    os.environ["UNION_DASH_DATA"] = str(data_dir)
    save_settings(data_dir, Settings(hide_seeds=True))
    app = Path(__file__).resolve().parent.parent / "dashboard.py"
    started = time.perf_counter()
    AppTest.from_file(str(app), default_timeout=600).run()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
