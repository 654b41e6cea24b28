"""How long 导出报告 takes and how big the report is: `python -m bench.report --articles N`.

Generates N synthetic articles (bench.generate, seeds hidden), opens 总览 under AppTest,
presses 导出报告 and prints the time of that run (page + HTML + PDF), of the HTML and the
PDF alone, and the two files' sizes. `--seeds` measures the seeds instead."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import print_table

APP = Path(__file__).resolve().parent.parent / "dashboard.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seeds", action="store_true", help="report on the seeds instead of a generated corpus")
    parser.add_argument("--keep", type=Path, help="work directory to create or reuse (kept afterwards)")
    parser.add_argument("--page", default="pages/overview.py")
    parser.add_argument("--all-copies", action="store_true", help="count every copy of a reprint (dedup=0)")
    args = parser.parse_args(argv)

    from analysis.settings import Settings, save_settings

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="union-report-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if not args.seeds:
        from bench.generate import generate

        if not any((workdir / "uploads").glob("*.txt")):
            generate(workdir / "uploads", args.articles)
        save_settings(workdir, Settings(hide_seeds=True))
    os.environ["UNION_DASH_DATA"] = str(workdir)

    import ui.report as report

    timed: dict[str, float] = {}
    made: dict[str, list[bytes]] = {}

    def timing(name, function):
        def wrapper(*a, **k):
            started = time.perf_counter()
            out = function(*a, **k)
            timed[name] = timed.get(name, 0.0) + time.perf_counter() - started
            made.setdefault(name, []).append(out.encode("utf-8") if isinstance(out, str) else out)
            return out
        return wrapper

    report.html_report = timing("html", report.html_report)
    report.pdf_report = timing("pdf", report.pdf_report)

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=900)
    at.switch_page(args.page)
    if args.all_copies:
        at.query_params["dedup"] = "0"
    started = time.perf_counter()
    at.run()
    page_s = time.perf_counter() - started
    button = next(b for b in at.button if b.label == "导出报告")
    started = time.perf_counter()
    button.click().run()
    press_s = time.perf_counter() - started
    if at.exception:
        print(at.exception[0].value, file=sys.stderr)
        return 1
    articles = next((m.value for m in at.metric if m.label == "文章数"), "?")
    rows = [
        ("page", args.page),
        ("articles", articles),
        ("page run (cold, corpus build included)", f"{page_s:.2f} s"),
        ("导出报告 run (page + HTML + PDF)", f"{press_s:.2f} s"),
        ("HTML built (both variants)", f"{timed.get('html', 0):.2f} s"),
        ("PDF printed by Chromium", f"{timed.get('pdf', 0):.2f} s"),
        ("HTML report size", f"{len(made['html'][0]) / 1024:,.0f} KB"),
        ("PDF report size", f"{len(made['pdf'][0]) / 1024:,.0f} KB"),
    ]
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
