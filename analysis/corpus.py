"""Build the Corpus: files → pages → articles → enriched rows and term counts.

The Corpus is plain data (pandas frames, columns in `schema`). Each file's analysis is
cached in memory by (file bytes hash, engine version, dictionary key), so reloading an
unchanged corpus costs nothing and adding a file analyses only that file.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from . import cache, dates, ingest, places, split
from .overrides import Override, apply_overrides
from .metrics import extract_metrics
from .schema import ARTICLE_COLUMNS, ARTICLE_EXTRA_COLUMNS, FILE_COLUMNS, METRIC_COLUMNS, TERM_COLUMNS
from .segment import Segmenter, dictionary_key, load_segmenter
from .terms import term_rows

ENGINE_VERSION = "0.5.0"
PARALLEL_MIN_FILES = 40


@dataclass
class Corpus:
    """Every analysed article of a set of files."""

    articles: pd.DataFrame
    terms: pd.DataFrame
    files: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    metrics: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=METRIC_COLUMNS))

    @property
    def is_empty(self) -> bool:
        return self.articles.empty


_FILE_CACHE: dict[str, dict[str, pd.DataFrame]] = {}


def analyse_document(doc: ingest.Document, segmenter: Segmenter) -> dict[str, pd.DataFrame]:
    """Split one document into articles, enrich them, count their terms, find figures.

    Returns the three frames (articles, terms, metrics) the Corpus is made of.
    """
    articles = split.split_page(doc.text, places_of=places.place_codes)
    parts_list = [_region_parts(parts) for parts in articles]
    texts = [_dating_text(parts) for parts in articles]
    page_regions = places.page_support_of(parts_list)
    page_years = dates.page_year_scores(texts)
    rows: list[dict] = []
    terms: list[tuple[str, str, int]] = []
    figures: list[dict] = []
    for index, parts in enumerate(articles):
        article_id = f"{doc.file_id}-{index}"
        region = places.infer_region(parts_list[index], page_support=page_regions[index])
        year = dates.infer_year(texts[index], page_scores=page_years[index], page_date=parts.date or None)
        tokens = segmenter.cut(parts.title + "\n" + parts.body)
        rows.append(
            {
                "article_id": article_id,
                "file": doc.name,
                "path": doc.path,
                "title": parts.title,
                "subtitle": parts.subtitle or None,
                "byline": parts.byline or None,
                "source": parts.source or None,
                "date": parts.date or year.date or None,
                "province": region.province,
                "city": region.city,
                "district": region.district,
                "adcode": region.adcode,
                "lat": region.lat,
                "lon": region.lon,
                "year": year.year,
                "region_evidence": region.evidence or None,
                "year_evidence": year.evidence or None,
                "chars": len(parts.body),
                "text": parts.body,
                "captions": "\n".join(parts.captions),
                "kicker": parts.kicker,
                "tokens": len(tokens),
                "file_sha1": doc.sha1,
                "index": index,
            }
        )
        terms.extend(term_rows(article_id, tokens))
        for metric in extract_metrics(parts.body):
            figures.append({"article_id": article_id, "file": doc.name, "title": parts.title,
                            **asdict(metric)})
    # Plain frames here; dtypes are set once on the combined frames (much cheaper).
    return {
        "articles": pd.DataFrame(rows, columns=ARTICLE_COLUMNS + ARTICLE_EXTRA_COLUMNS),
        "terms": pd.DataFrame(terms, columns=TERM_COLUMNS),
        "metrics": pd.DataFrame(figures, columns=METRIC_COLUMNS),
    }


def _region_parts(parts: split.ArticleParts) -> dict[str, str]:
    return {
        "title": parts.title, "subtitle": parts.subtitle, "byline": parts.byline,
        "kicker": parts.kicker, "body": parts.body,
    }


def _dating_text(parts: split.ArticleParts) -> str:
    return "\n".join([parts.kicker, parts.title, parts.subtitle, parts.byline, parts.body])


def load_corpus(
    paths: list[str | os.PathLike],
    *,
    extra_words: tuple[str, ...] = (),
    overrides: list[Override] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
) -> Corpus:
    """Read, split, enrich and count every supported file under `paths`.

    Analysed files are cached in memory and, with `cache_dir`, on disk (see `cache`), so
    only new or changed files are analysed. `workers` processes share the new files (default:
    the CPU count when there are many). `overrides` (the user's corrections) are applied
    last; those that match no article are reported in `warnings`.
    """
    files, warnings = ingest.iter_input_files(paths)
    docs: list[ingest.Document] = []
    seen_hashes: set[str] = set()
    for path in files:
        try:
            doc = ingest.read_document(path)
        except ingest.IngestError as err:
            warnings.append(str(err))
            continue
        except OSError as err:
            warnings.append(f"{path.name}：无法读取（{err.strerror or err}）")
            continue
        warnings.extend(doc.warnings)
        if doc.sha1 in seen_hashes:
            warnings.append(f"{path.name}：与已读入的文件内容相同，已跳过")
            continue
        seen_hashes.add(doc.sha1)
        docs.append(doc)
    frames = _analysed_frames(docs, tuple(extra_words), cache_dir, workers, on_progress)
    frames = _bind_to_files(frames, docs)
    articles = frames["articles"]
    per_file = articles.groupby("file_sha1").agg(articles=("article_id", "size"), chars=("chars", "sum"))
    file_rows = [
        {
            "file": doc.name, "path": doc.path, "sha1": doc.sha1, "encoding": doc.encoding,
            "articles": int(per_file["articles"].get(doc.sha1, 0)),
            "chars": int(per_file["chars"].get(doc.sha1, 0)),
            "warnings": "；".join(doc.warnings),
        }
        for doc in docs
    ]
    if overrides:
        articles, orphans = apply_overrides(articles, overrides)
        warnings.extend(f"更正记录找不到对应文章（未应用）：{o.title}（{o.file}）" for o in orphans)
    return Corpus(
        articles=articles,
        terms=frames["terms"],
        files=pd.DataFrame(file_rows, columns=FILE_COLUMNS),
        warnings=warnings,
        metrics=frames["metrics"],
    )


def _analysed_frames(docs, extra_words, cache_dir, workers, on_progress) -> dict[str, pd.DataFrame]:
    """The three frames for `docs`, from the snapshot, the file entries, or fresh analysis."""
    dict_key = dictionary_key(extra_words)
    keys = [cache.entry_key(doc.sha1, ENGINE_VERSION, dict_key) for doc in docs]
    snapshot = cache.snapshot_key(keys)
    per_doc: dict[str, dict[str, pd.DataFrame]] = {}
    if cache_dir is not None and docs:
        try:
            return cache.read(Path(cache_dir), snapshot)
        except cache.CacheMiss:
            pass
        per_doc = _reusable_from_latest_snapshot(Path(cache_dir), keys)
    todo: list[tuple[str, ingest.Document]] = []
    for key, doc in zip(keys, docs):
        if key in per_doc:
            continue
        cached = _FILE_CACHE.get(key)
        if cached is None and cache_dir is not None:
            try:
                cached = cache.read(Path(cache_dir), key)
            except cache.CacheMiss:
                cached = None
        if cached is None:
            todo.append((key, doc))
        else:
            per_doc[key] = cached
    done = len(per_doc)
    for key, frames in _analyse_many(todo, extra_words, workers):
        done += 1
        per_doc[key] = frames
        _FILE_CACHE[key] = frames
        if cache_dir is not None:
            _try_cache_write(Path(cache_dir), key, frames)
        if on_progress:
            on_progress(done, len(docs), dict(todo)[key].name)
    combined = {
        part: _concat([per_doc[key][part] for key in keys], part) for part in cache.PARTS
    }
    if cache_dir is not None and docs:
        try:
            cache.write_snapshot(Path(cache_dir), keys, combined)
            cache.prune(Path(cache_dir), keep={snapshot})
        except OSError:
            pass
    return combined


def _reusable_from_latest_snapshot(cache_dir: Path, keys: list[str]) -> dict[str, dict[str, pd.DataFrame]]:
    """Per-file frames for the wanted keys that the last corpus snapshot already holds, so
    adding one file to a large corpus reads one snapshot instead of every file entry."""
    latest = cache.latest_snapshot(cache_dir)
    if latest is None:
        return {}
    old_keys, frames = latest
    wanted = set(keys) & set(old_keys)
    if not wanted:
        return {}
    key_of_sha1 = {key.split("-", 1)[0]: key for key in wanted}
    key_of_prefix = {sha1[:12]: key for sha1, key in key_of_sha1.items()}
    articles = frames["articles"]
    groups = {
        "articles": articles.groupby(articles["file_sha1"].map(key_of_sha1)),
        "terms": frames["terms"].groupby(frames["terms"]["article_id"].str[:12].map(key_of_prefix)),
        "metrics": frames["metrics"].groupby(frames["metrics"]["article_id"].str[:12].map(key_of_prefix)),
    }
    reused: dict[str, dict[str, pd.DataFrame]] = {key: {} for key in wanted}
    for part, grouped in groups.items():
        for key, frame in grouped:
            reused[key][part] = frame
    empty = {"articles": articles.iloc[0:0], "terms": frames["terms"].iloc[0:0],
             "metrics": frames["metrics"].iloc[0:0]}
    return {key: {part: parts.get(part, empty[part]) for part in cache.PARTS} for key, parts in reused.items()}


def _try_cache_write(cache_dir: Path, key: str, frames: dict[str, pd.DataFrame]) -> None:
    try:
        cache.write(cache_dir, key, frames)
    except OSError:
        pass  # a full or read-only disk costs speed next time, never the result now


def _analyse_many(todo, extra_words, workers):
    """Yield (key, frames) for each document, in worker processes when there are many."""
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if len(todo) >= PARALLEL_MIN_FILES else 1
    if workers <= 1 or len(todo) < 2:
        segmenter = load_segmenter(extra_words)
        for key, doc in todo:
            yield key, analyse_document(doc, segmenter)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_analyse_in_worker, doc, extra_words): key for key, doc in todo}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _analyse_in_worker(doc: ingest.Document, extra_words: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    return analyse_document(doc, load_segmenter(extra_words))


_TYPED = {"articles": lambda rows: _articles_frame(rows), "terms": lambda rows: _terms_frame(rows),
          "metrics": lambda rows: _metrics_frame(rows)}


def _concat(frames: list[pd.DataFrame], part: str) -> pd.DataFrame:
    """One frame with the documented dtypes from per-file frames (raw or cached)."""
    frames = [f for f in frames if not f.empty]
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return _TYPED[part](combined)


def _bind_to_files(frames: dict[str, pd.DataFrame], docs: list[ingest.Document]) -> dict[str, pd.DataFrame]:
    """Set `file` and `path` from where each file is now (the same bytes may have moved)."""
    names = {doc.sha1: doc.name for doc in docs}
    paths = {doc.sha1: doc.path for doc in docs}
    articles = frames["articles"].copy()
    articles["file"] = articles["file_sha1"].map(names)
    articles["path"] = articles["file_sha1"].map(paths)
    metrics = frames["metrics"].copy()
    by_prefix = {sha1[:12]: name for sha1, name in names.items()}
    metrics["file"] = metrics["article_id"].str.split("-").str[0].map(by_prefix)
    return {"articles": articles, "terms": frames["terms"], "metrics": metrics}


TEXT = pd.StringDtype(na_value=float("nan"))


def _text_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """One string dtype for text columns, so frames compare equal after a Parquet round trip."""
    for column in columns:
        frame[column] = frame[column].astype(TEXT)
    return frame


def _terms_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=TERM_COLUMNS)
    _text_columns(frame, ["article_id", "term"])
    frame["count"] = frame["count"].astype("int64")
    return frame


def _metrics_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    _text_columns(frame, ["article_id", "file", "title", "surface", "unit", "qualifier", "subject",
                          "category", "sentence"])
    frame["value"] = frame["value"].astype("float64")
    frame["value_high"] = frame["value_high"].astype("Float64")
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    return frame


def _articles_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS + ARTICLE_EXTRA_COLUMNS)
    _text_columns(frame, [c for c in ARTICLE_COLUMNS + ARTICLE_EXTRA_COLUMNS
                          if c not in ("lat", "lon", "year", "chars", "tokens", "index")])
    frame["index"] = frame["index"].astype("int64")
    frame["year"] = frame["year"].astype("Int64")
    frame["lat"] = frame["lat"].astype("Float64")
    frame["lon"] = frame["lon"].astype("Float64")
    frame["chars"] = frame["chars"].astype("int64")
    frame["tokens"] = frame["tokens"].astype("int64")
    return frame
