"""`python -m bench [--articles N]`: engine timings against plain jieba on the same text.

Prints a table, then one machine-readable line:
n=<articles> ratio=<build/jieba> warm_s=<s> filter_ms=<ms> rss_mb=<MB>
"""
from __future__ import annotations

import argparse
import os
import resource
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

    # Full build in a fresh interpreter, timed from interpreter start to a built Corpus.
    build = subprocess.run(
        [sys.executable, "-c",
         "import time,sys; t=time.perf_counter(); from analysis import load_corpus; "
         f"c=load_corpus([{str(corpus_dir)!r}]); print(time.perf_counter()-t, len(c.articles), len(c.metrics))"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )
    build_s, n_articles, n_metrics = build.stdout.split()
    build_s = float(build_s)

    from analysis import Filters, apply_filters, load_corpus, load_stopwords, term_table

    load_corpus([corpus_dir])  # fills the in-process cache
    started = time.perf_counter()
    corpus = load_corpus([corpus_dir])
    warm_s = time.perf_counter() - started

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
        ("warm load (in-process cache)", f"{warm_s:.2f} s"),
        ("filter + top terms", f"{filter_ms:.0f} ms"),
        ("总览 page via AppTest (cold)", f"{render_s:.2f} s"),
        ("peak RSS (this process)", f"{rss:.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print(f"n={n_articles} ratio={ratio:.2f} warm_s={warm_s:.2f} filter_ms={filter_ms:.0f} rss_mb={rss:.0f}")
    return 0


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
