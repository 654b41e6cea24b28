"""Command line: `python -m analysis COMMAND [PATH ...] [options]` (see shared/CONTRACTS.md)."""
from __future__ import annotations

import argparse
import json
import sys
import warnings

import pandas as pd

from .corpus import load_corpus
from .datadir import SEEDS_DIR, cache_dir, data_dir
from .overrides import OverrideError, load_overrides, overrides_path
from .filters import FILTER_KEYS, FilterError, apply_filters, filters_from_params
from .schema import ARTICLE_COLUMNS, GROUPABLE_FIELDS
from .segment import POS_CLASSES, load_stopwords
from .compare import compare_groups
from .kwic import keyword_in_context
from .settings import Settings, SettingsError, lexicon_path, user_settings
from .terms import term_table
from .themes import load_lexicon, theme_shares, with_themes



def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="*", metavar="PATH", help="文件或目录（默认 seeds/）")
    common.add_argument("--format", choices=("table", "csv", "json"), default="table")
    common.add_argument("--bom", action="store_true", help="CSV 加 BOM（便于 Excel 打开）")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    warnings.simplefilter("ignore")
    args = build_parser().parse_args(argv)
    try:
        filters = filters_from_params({key: getattr(args, key) for key in FILTER_KEYS})
    except FilterError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    try:
        overrides = load_overrides(overrides_path(data_dir()))
    except OverrideError as err:
        print(f"警告：{err}", file=sys.stderr)
        overrides = []
    corpus = load_corpus(args.paths or [SEEDS_DIR], overrides=overrides, cache_dir=cache_dir(),
                         extra_words=tuple(_settings_words()))
    for warning in corpus.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    if corpus.files.empty:
        print("错误：没有可用的输入文件", file=sys.stderr)
        return 1
    lexicon, min_hits = load_lexicon(lexicon_path(data_dir()))
    articles = with_themes(corpus.articles, lexicon, min_hits)
    selected = apply_filters(articles, filters)
    try:
        settings = user_settings(data_dir())
    except SettingsError as err:
        print(f"警告：{err}", file=sys.stderr)
        settings = Settings()
    stopwords = load_stopwords(tuple(settings.stopwords))
    if args.command == "articles":
        columns = ARTICLE_COLUMNS + (["text"] if args.with_text else [])
        frame = selected[columns]
    elif args.command == "metrics":
        frame = corpus.metrics[corpus.metrics["article_id"].isin(selected["article_id"])]
    elif args.command == "terms":
        if args.by == "theme":
            exploded = selected.explode("themes").dropna(subset=["themes"]).rename(columns={"themes": "theme"})
            frame = term_table(exploded, corpus.terms, stopwords=stopwords, by="theme", top=args.top,
                               pos=tuple(args.pos))
        else:
            frame = term_table(selected, corpus.terms, stopwords=stopwords, by=args.by, top=args.top,
                               pos=tuple(args.pos))
    elif args.command == "compare":
        try:
            a = _resolve_values(args.by, args.a)
            b = _resolve_values(args.by, args.b) if args.b else None
        except FilterError as err:
            print(f"错误：{err}", file=sys.stderr)
            return 2
        frame = compare_groups(selected, corpus.terms, by=args.by, a=a, b=b, stopwords=stopwords,
                               min_count=args.min_count)
    elif args.command == "kwic":
        frame = keyword_in_context(selected, args.term, window=args.window, sort=args.sort)
        frame = frame[["article_id", "left", "term", "right"]]
    else:
        by = None if args.by in (None, "", "all") else args.by
        if by not in (None, "article", *GROUPABLE_FIELDS):
            print(f"错误：不支持的分组：{by}", file=sys.stderr)
            return 2
        frame = theme_shares(selected, list(lexicon), by=by)
    write_frame(frame, args.format, bom=args.bom)
    return 0


def _settings_words() -> list[str]:
    try:
        return user_settings(data_dir()).words
    except SettingsError:
        return []


def _resolve_values(by: str, values: list[str]) -> list[str]:
    """Full names for place values (short names accepted), years and files as given."""
    if by in ("province", "city", "district"):
        return list(getattr(filters_from_params({by: values}), by))
    return values


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
