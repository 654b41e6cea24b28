"""Command line: `python -m analysis COMMAND [PATH ...] [options]` (see shared/CONTRACTS.md)."""
from __future__ import annotations

import argparse
import json
import sys
import warnings

import pandas as pd

from .api import Corpus, open_corpus
from .datadir import SEEDS_DIR
from .filters import FILTER_KEYS, FilterError
from .schema import GROUPABLE_FIELDS
from .segment import POS_CLASSES


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="*", metavar="PATH", help="文件或目录（默认 seeds/）")
    common.add_argument("--format", choices=("table", "csv", "json"), default="table")
    common.add_argument("--bom", action="store_true", help="CSV 加 BOM（便于 Excel 打开）")
    common.add_argument("--dedup", action="store_true", help="同一报道的多个转载只计一次")
    for key in FILTER_KEYS:
        common.add_argument(f"--{key}", action="append", default=[])

    parser = argparse.ArgumentParser(prog="python -m analysis", description="工会报道分析")
    sub = parser.add_subparsers(dest="command", required=True)
    articles = sub.add_parser("articles", parents=[common], help="列出文章")
    articles.add_argument("--with-text", action="store_true", help="输出正文")
    sub.add_parser("metrics", parents=[common], help="数字指标")
    terms = sub.add_parser("terms", parents=[common], help="词频")
    terms.add_argument("--by", choices=GROUPABLE_FIELDS + ("theme",))
    terms.add_argument("--top", type=int)
    terms.add_argument("--pos", action="append", default=[], choices=list(POS_CLASSES),
                       help="只保留这些词性（可重复）：noun verb adjective place organisation person other")
    compare = sub.add_parser("compare", parents=[common], help="关键词对比（对数似然 G²）")
    compare.add_argument("--by", choices=GROUPABLE_FIELDS, required=True)
    compare.add_argument("--a", action="append", required=True, metavar="VALUE")
    compare.add_argument("--b", action="append", metavar="VALUE")
    compare.add_argument("--min-count", type=int, default=3)
    kwic = sub.add_parser("kwic", parents=[common], help="关键词上下文")
    kwic.add_argument("term", metavar="TERM")
    kwic.add_argument("--window", type=int, default=20)
    kwic.add_argument("--sort", choices=("left", "right"))
    themes = sub.add_parser("themes", parents=[common], help="主题")
    themes.add_argument("--by", default=None, help="province|city|district|year|file|article")
    sub.add_parser("reprints", parents=[common], help="同一报道的转载（按报道分组）")
    build = sub.add_parser("build", parents=[common], help="构建（或更新）分析缓存，供之后的命令和看板读取")
    build.add_argument("--dask", metavar="ADDRESS", help="在 Dask 集群上分析：local（本机启动）或 tcp://host:8786")
    build.add_argument("--workers", type=int, help="并行进程数（--dask local 时为 Dask worker 数）")
    return parser


def main(argv: list[str] | None = None) -> int:
    warnings.simplefilter("ignore")
    args = build_parser().parse_args(argv)
    if args.command == "build":
        return build(args)
    corpus = open_corpus(args.paths or [SEEDS_DIR])
    for warning in corpus.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    if corpus.files.empty:
        print("错误：没有可用的输入文件", file=sys.stderr)
        return 1
    try:
        selected = corpus.filter(**{key: getattr(args, key) for key in FILTER_KEYS})
        if args.dedup:
            selected = selected.unique()
        frame = _command(selected, args)
    except FilterError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    write_frame(frame, args.format, bom=args.bom)
    return 0


def _command(selected: Corpus, args: argparse.Namespace) -> pd.DataFrame:
    """The frame one command asks for: the API's method of the same name."""
    if args.command == "articles":
        return selected.articles(with_text=args.with_text)
    if args.command == "metrics":
        return selected.metrics()
    if args.command == "terms":
        return selected.terms(by=args.by, top=args.top, pos=args.pos)
    if args.command == "compare":
        return selected.compare(by=args.by, a=args.a, b=args.b, min_count=args.min_count)
    if args.command == "kwic":
        return selected.kwic(args.term, window=args.window, sort=args.sort)
    if args.command == "reprints":
        return selected.reprints()
    return selected.themes(by=None if args.by in (None, "", "all") else args.by)


def build(args: argparse.Namespace) -> int:
    """Analyse PATH into the data directory's cache, locally or as tasks on a Dask cluster."""
    import time

    started = time.perf_counter()
    client = cluster = None
    if args.dask:
        from distributed import Client, LocalCluster

        if args.dask == "local":
            cluster = LocalCluster(n_workers=args.workers or 2, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        try:
            client = Client(cluster or args.dask, timeout="10s")
        except (OSError, TimeoutError, ValueError) as err:
            print(f"错误：无法连接 Dask 集群 {args.dask}（{err}）", file=sys.stderr)
            return 2
    try:
        corpus = open_corpus(args.paths or [SEEDS_DIR], workers=args.workers, client=client)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    for warning in corpus.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    where = f"Dask 集群 {args.dask}" if args.dask else "本机"
    print(f"已构建：{len(corpus.files)} 个文件，{len(corpus)} 篇文章（{where}，{time.perf_counter() - started:.1f} 秒）",
          file=sys.stderr)
    return 0 if not corpus.files.empty else 1


def write_frame(frame: pd.DataFrame, fmt: str, *, bom: bool = False) -> None:
    """Print a frame as a table, CSV (unknown = empty) or JSON (unknown = null)."""
    out = sys.stdout
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        out.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        if bom:
            out.write("\ufeff")
        frame.to_csv(out, index=False, lineterminator="\n")
    else:
        if frame.empty:
            out.write("（没有符合条件的结果）\n")
        else:
            shown = frame.astype(object).where(frame.notna(), "")
            if "p_value" in shown.columns:
                shown["p_value"] = frame["p_value"].map(lambda p: f"{p:.3g}")
            out.write(shown.to_string(index=False, max_colwidth=40) + "\n")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
