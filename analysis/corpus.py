"""Build the corpus frames: files → pages → articles → enriched rows and term counts.

The frames are plain data (pandas frames, columns in `schema`). Each file's analysis is
cached in memory by (file bytes hash, engine version, dictionary key), so reloading an
unchanged corpus costs nothing and adding a file analyses only that file.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import threading
from collections import Counter, OrderedDict
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from . import cache, dates, ingest, places, split
from .overrides import Override, apply_overrides, orphan_warning
from .metrics import Metric, extract_metrics
from .schema import ARTICLE_COLUMNS, ARTICLE_EXTRA_COLUMNS, FILE_COLUMNS, METRIC_COLUMNS, TERM_COLUMNS
from .segment import Segmenter, dictionary_key, load_segmenter
from .terms import count_terms, term_rows

ENGINE_VERSION = "0.7.0"
PARALLEL_MIN_FILES = 40
RESEGMENT_LABEL = "重新分词"  # the `name` on_progress gets while re-segmenting (counts are articles)


@dataclass
class CorpusFrames:
    """Every analysed article of a set of files."""

    articles: pd.DataFrame
    terms: pd.DataFrame
    files: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    metrics: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=METRIC_COLUMNS))

    @property
    def is_empty(self) -> bool:
        return self.articles.empty


FILE_CACHE_ENTRIES = 256  # files whose analysis stays in memory (the disk snapshot holds all)
_FILE_CACHE: OrderedDict[str, tuple] = OrderedDict()  # token key → (the file's columns, its FileInfo)


def _remember(key: str, value: tuple) -> None:
    """Keep one file's analysis in memory, dropping the least recently used beyond the bound."""
    _FILE_CACHE[key] = value
    _FILE_CACHE.move_to_end(key)
    while len(_FILE_CACHE) > FILE_CACHE_ENTRIES:
        _FILE_CACHE.popitem(last=False)


Columns = dict[str, list]
_METRIC_FIELDS = [f.name for f in fields(Metric)]


def analyse_document(doc: ingest.Document, segmenter: Segmenter) -> dict[str, Columns]:
    """Split one document into articles, enrich them, count their terms, find figures.

    Returns the columns (name → values) of the three frames (articles, terms, metrics)
    the Corpus is made of. They become frames once, for all new files together: a frame
    per file cost more than the analysis itself.
    """
    articles = split.split_page(doc.text, places_of=places.place_codes)
    parts_list = [_region_parts(parts) for parts in articles]
    texts = [_dating_text(parts) for parts in articles]
    page_regions = places.page_support_of(parts_list)
    page_years = dates.page_year_scores(texts)
    rows: Columns = {column: [] for column in ARTICLE_COLUMNS + ARTICLE_EXTRA_COLUMNS}
    terms: Columns = {column: [] for column in TERM_COLUMNS}
    figures: Columns = {column: [] for column in METRIC_COLUMNS}
    for index, parts in enumerate(articles):
        article_id = f"{doc.file_id}-{index}"
        region = places.infer_region(parts_list[index], page_support=page_regions[index],
                                     home=places.home_province(parts.source))
        year = dates.infer_year(texts[index], page_scores=page_years[index], published=parts.date or None,
                                published_by=parts.date_line)
        tokens = segmenter.cut(parts.title + "\n" + parts.body)
        row = {
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
        for column, value in row.items():
            rows[column].append(value)
        counts = count_terms(tokens)
        terms["article_id"].extend([article_id] * len(counts))
        terms["term"].extend(counts.keys())
        terms["count"].extend(counts.values())
        for metric in extract_metrics(parts.body):
            figures["article_id"].append(article_id)
            figures["file"].append(doc.name)
            figures["title"].append(parts.title)
            for name in _METRIC_FIELDS:
                figures[name].append(getattr(metric, name))
    return {"articles": rows, "terms": terms, "metrics": figures}


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
) -> CorpusFrames:
    """Read, split, enrich and count every supported file under `paths`.

    Analysed files are cached in memory and, with `cache_dir`, on disk (see `cache`), so
    only new or changed files are analysed. `workers` processes share the new files (default:
    the CPU count when there are many). `overrides` (the user's corrections) are applied
    last; those that match no article are reported in `warnings`.
    """
    files, warnings = ingest.iter_input_files(paths)
    raws: list[ingest.RawFile] = []
    seen_hashes: set[str] = set()
    for path in files:
        try:
            raw = ingest.read_raw(path)
        except ingest.IngestError as err:
            warnings.append(str(err))
            continue
        except OSError as err:
            warnings.append(f"{path.name}：无法读取（{err.strerror or err}）")
            continue
        if raw.sha1 in seen_hashes:
            warnings.append(f"{path.name}：与已读入的文件内容相同，已跳过")
            continue
        seen_hashes.add(raw.sha1)
        raws.append(raw)
    frames, infos = _analysed_frames(raws, tuple(extra_words), cache_dir, workers, on_progress)
    # Messages name the file as it is called now (the same bytes may have been renamed).
    infos = {raw.sha1: infos[raw.sha1].named(raw.name) for raw in raws}
    usable = []
    for raw in raws:
        info = infos[raw.sha1]
        if info.error:
            warnings.append(info.error)
        else:
            warnings.extend(info.warnings)
            usable.append(raw)
    frames = _bind_to_files(frames, usable)
    articles = frames["articles"]
    per_file = articles.groupby("file_sha1").agg(articles=("article_id", "size"), chars=("chars", "sum"))
    file_rows = [
        {
            "file": raw.name, "path": raw.path, "sha1": raw.sha1, "encoding": infos[raw.sha1].encoding,
            "articles": int(per_file["articles"].get(raw.sha1, 0)),
            "chars": int(per_file["chars"].get(raw.sha1, 0)),
            "warnings": "；".join(infos[raw.sha1].warnings),
        }
        for raw in usable
    ]
    warnings.extend(same_report_warnings(articles))
    if overrides:
        articles, orphans = apply_overrides(articles, overrides)
        warnings.extend(orphan_warning(o) for o in orphans)
    return CorpusFrames(
        articles=articles,
        terms=frames["terms"],
        files=pd.DataFrame(file_rows, columns=FILE_COLUMNS),
        warnings=warnings,
        metrics=frames["metrics"],
    )


_NOT_TEXT = re.compile(r"[\W_]+")
SAME_REPORT_SHARE = 0.8


def same_report_warnings(articles: pd.DataFrame) -> list[str]:
    """A line for each file whose articles an earlier file already holds (one report saved
    as .docx and again as .txt): compared by their text without spaces or punctuation."""
    per_file: dict[str, list[str]] = {}
    for file, text in zip(articles["file"], articles["text"]):
        key = _NOT_TEXT.sub("", str(text))
        if len(key) >= 30:
            per_file.setdefault(file, []).append(hashlib.sha1(key.encode("utf-8")).hexdigest())
    first_file: dict[str, str] = {}
    warnings = []
    for file, keys in per_file.items():
        holders = Counter(first_file[k] for k in keys if k in first_file and first_file[k] != file)
        if holders:
            other, shared = holders.most_common(1)[0]
            if shared >= SAME_REPORT_SHARE * len(keys):
                warnings.append(f"{file}：文章与 {other} 相同（同一报道的另一份文件？），两份都已计入")
        for key in keys:
            first_file.setdefault(key, file)
    return warnings


@dataclass(frozen=True)
class FileInfo:
    """How one file decoded: its encoding and warnings, or why it could not be read.
    Stored with the snapshot, so a warm start never decodes (or re-extracts a PDF)."""

    sha1: str
    name: str
    encoding: str = ""
    warnings: tuple[str, ...] = ()
    error: str | None = None

    def named(self, name: str) -> FileInfo:
        """The same information with the messages naming the file `name`."""
        if name == self.name:
            return self
        return FileInfo(self.sha1, name, self.encoding, tuple(w.replace(self.name, name) for w in self.warnings),
                        self.error.replace(self.name, name) if self.error else None)


def _decode(raw: ingest.RawFile) -> tuple[ingest.Document | None, FileInfo]:
    try:
        doc = raw.decode()
    except ingest.IngestError as err:
        return None, FileInfo(raw.sha1, raw.name, error=str(err))
    return doc, FileInfo(raw.sha1, raw.name, doc.encoding, tuple(doc.warnings))


def _info_frame(infos: dict[str, FileInfo]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "sha1": [i.sha1 for i in infos.values()],
        "name": [i.name for i in infos.values()],
        "encoding": [i.encoding for i in infos.values()],
        "warnings": ["\n".join(i.warnings) for i in infos.values()],
        "error": [i.error or "" for i in infos.values()],
    })
    return frame.astype(TEXT)


def _infos_of(frame: pd.DataFrame) -> dict[str, FileInfo]:
    return {
        sha1: FileInfo(sha1, name, encoding, tuple(w for w in warnings.split("\n") if w), error or None)
        for sha1, name, encoding, warnings, error in zip(
            frame["sha1"], frame["name"], frame["encoding"], frame["warnings"], frame["error"])
    }


def _analysed_frames(raws, extra_words, cache_dir, workers, on_progress):
    """The three frames for the files, and how each decoded: from the corpus snapshot, from
    the last snapshot plus the files that changed, or from fresh analysis.

    Two cache layers (shared/CONTRACTS.md): splitting, places, years and figures are keyed
    by file bytes + engine version; tokens by file bytes + engine + dictionary. Editing the
    dictionary therefore re-segments the stored articles without splitting them again.
    """
    dict_key = dictionary_key(extra_words)
    analysis_keys = [cache.entry_key(raw.sha1, ENGINE_VERSION, "a") for raw in raws]
    token_keys = [cache.entry_key(raw.sha1, ENGINE_VERSION, dict_key) for raw in raws]
    snapshot = cache.snapshot_key(analysis_keys + token_keys)
    store = Path(cache_dir) if cache_dir is not None else None
    if store is not None and raws:
        try:
            frames = cache.read(store, snapshot, parts=cache.PARTS + ("files",))  # keys not needed
            infos = _infos_of(frames.pop("files"))
            if all(raw.sha1 in infos for raw in raws):
                return frames, infos
        except cache.CacheMiss:
            pass
    old = _reusable(store, analysis_keys, token_keys)
    pieces: dict[str, list] = {"articles": [old.articles], "metrics": [old.metrics], "terms": [old.terms]}
    analysed, tokenised = set(old.analysed), set(old.tokenised)
    infos = {sha1: info for sha1, info in old.infos.items() if sha1 in analysed}
    todo: list[ingest.Document] = []
    for key, raw in zip(token_keys, raws):
        if raw.sha1 in analysed:
            continue
        if key in _FILE_CACHE:
            _FILE_CACHE.move_to_end(key)
            columns, infos[raw.sha1] = _FILE_CACHE[key]
            for part, values in columns.items():
                pieces[part].append(values)
            analysed.add(raw.sha1)
            tokenised.add(raw.sha1)
            continue
        doc, infos[raw.sha1] = _decode(raw)
        if doc is None:  # unreadable: remembered (with its message) like an analysed file
            analysed.add(raw.sha1)
            tokenised.add(raw.sha1)
        else:
            todo.append(doc)
    done = len(raws) - len(todo)
    for doc, columns in _analyse_many(todo, extra_words, workers):
        done += 1
        for part, values in columns.items():
            pieces[part].append(values)
        tokenised.add(doc.sha1)
        _remember(cache.entry_key(doc.sha1, ENGINE_VERSION, dict_key), (columns, infos[doc.sha1]))
        if on_progress:
            on_progress(done, len(raws), doc.name)
    resegment = {raw.sha1 for raw in raws if raw.sha1 not in tokenised}
    if resegment:
        stored = old.articles[old.articles["file_sha1"].isin(resegment)]
        pieces["terms"].append(segment_articles(stored, load_segmenter(extra_words), on_progress))
    rank = {raw.sha1[:12]: position for position, raw in enumerate(raws)}
    combined = {part: _in_file_order(_concat(pieces[part], part), rank) for part in pieces}
    tokens = combined["terms"].groupby("article_id")["count"].sum()
    combined["articles"]["tokens"] = combined["articles"]["article_id"].map(tokens).fillna(0).astype("int64")
    if store is not None and raws:
        try:
            cache.write_snapshot(store, snapshot, analysis_keys, token_keys,
                                 dict(combined, files=_info_frame(infos)))
            cache.prune(store, keep={snapshot})
        except OSError:
            pass  # a full or read-only disk costs speed next time, never the result now
    return combined, infos


def _in_file_order(frame: pd.DataFrame, rank: dict[str, int]) -> pd.DataFrame:
    """Rows in the order of the input files (stored rows first, new ones after, otherwise);
    a file's own rows keep their order, so the result equals a cold build."""
    if frame.empty:
        return frame
    codes, prefixes = pd.factorize(frame["article_id"].str[:12])
    order = np.array([rank[p] for p in prefixes], dtype=np.int64)[codes]
    if (order[1:] >= order[:-1]).all():
        return frame
    return frame.take(np.argsort(order, kind="stable")).reset_index(drop=True)


def segment_articles(articles: pd.DataFrame, segmenter: Segmenter,
                     on_progress: Callable[[int, int, str], None] | None = None) -> pd.DataFrame:
    """Term rows for already split articles (the dictionary changed, the split did not)."""
    rows = []
    total = len(articles)
    for n, (article_id, title, text) in enumerate(
            zip(articles["article_id"], articles["title"], articles["text"]), start=1):
        rows.extend(term_rows(article_id, segmenter.cut(f"{title}\n{text}")))
        if on_progress and (n % 200 == 0 or n == total):
            on_progress(n, total, RESEGMENT_LABEL)
    return pd.DataFrame(rows, columns=TERM_COLUMNS)


@dataclass
class _Reused:
    """What the last corpus snapshot already holds for the current files."""

    articles: pd.DataFrame
    metrics: pd.DataFrame
    terms: pd.DataFrame
    analysed: set[str]  # sha1s whose split, places, years and figures are stored
    tokenised: set[str]  # sha1s whose tokens (same dictionary) are stored
    infos: dict[str, FileInfo] = field(default_factory=dict)  # how the stored files decoded


def _reusable(store: Path | None, analysis_keys: list[str], token_keys: list[str]) -> _Reused:
    """The rows of the last corpus snapshot that belong to files still present (unsplit:
    one mask per frame, not one frame per file)."""
    latest = cache.latest_snapshot(store) if store is not None else None
    if latest is None:
        return _Reused(_articles_frame([]), _metrics_frame([]), _terms_frame([]), set(), set())
    keys, frames = latest
    infos = _infos_of(frames.pop("files"))
    analysed_ok = {k.split("-", 1)[0] for k in set(analysis_keys) & set(keys["analysis_key"])}
    tokens_ok = {k.split("-", 1)[0] for k in set(token_keys) & set(keys["token_key"])}
    articles, metrics, terms = frames["articles"], frames["metrics"], frames["terms"]
    stored = {k.split("-", 1)[0] for k in keys["analysis_key"]}
    if analysed_ok == stored and tokens_ok == stored:  # files were only added: keep all rows
        return _Reused(articles, metrics, terms, analysed_ok, tokens_ok, infos)
    return _Reused(
        articles=articles[articles["file_sha1"].isin(analysed_ok)],
        metrics=metrics[metrics["article_id"].str[:12].isin({s[:12] for s in analysed_ok})],
        terms=terms[terms["article_id"].str[:12].isin({s[:12] for s in tokens_ok})],
        analysed=analysed_ok,
        tokenised=tokens_ok,
        infos=infos,
    )


def _analyse_many(todo, extra_words, workers):
    """Yield (document, frames) for each document, in worker processes when there are many."""
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if len(todo) >= PARALLEL_MIN_FILES else 1
    if workers <= 1 or len(todo) < 2:
        segmenter = load_segmenter(extra_words) if todo else None
        for doc in todo:
            yield doc, analyse_document(doc, segmenter)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(extra_words)) as pool:
        futures = {pool.submit(_analyse_in_worker, doc, extra_words): doc for doc in todo}
        for future in as_completed(futures):
            yield futures[future], future.result()


_WARM_UP = ingest.Document(path="", name="", sha1="0" * 40, encoding="utf-8",
                           text="上海市总工会\n本报讯 2023年5月，上海市普陀区总工会为职工办实事40余件，惠及职工3000人。")


def _worker_context(extra_words: tuple[str, ...]):
    """fork from a warmed-up parent when this process has a single thread (the CLI, the
    bench): workers then start with the gazetteer, dictionaries and regexes already loaded
    (about 1.5 s each otherwise). With other threads about (a server) forking is unsafe, so
    workers start from a fresh forkserver instead."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        analyse_document(_WARM_UP, load_segmenter(extra_words))
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver")


def _analyse_in_worker(doc: ingest.Document, extra_words: tuple[str, ...]) -> dict[str, Columns]:
    return analyse_document(doc, load_segmenter(extra_words))


_TYPED = {"articles": lambda rows: _articles_frame(rows), "terms": lambda rows: _terms_frame(rows),
          "metrics": lambda rows: _metrics_frame(rows)}


def _concat(pieces: list, part: str) -> pd.DataFrame:
    """One frame with the documented dtypes from per-file pieces: frames (cached) or
    columns (new); consecutive columns are joined first and become one frame."""
    frames: list[pd.DataFrame] = []
    run: Columns | None = None
    for piece in pieces:
        if isinstance(piece, pd.DataFrame):
            if run is not None:
                frames.append(pd.DataFrame(run))
                run = None
            frames.append(piece)
        elif run is None:
            run = {column: list(values) for column, values in piece.items()}
        else:
            for column, values in piece.items():
                run[column].extend(values)
    if run is not None:
        frames.append(pd.DataFrame(run))
    frames = [f for f in frames if not f.empty]
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return _TYPED[part](combined)


def _bind_to_files(frames: dict[str, pd.DataFrame], docs: list[ingest.RawFile]) -> dict[str, pd.DataFrame]:
    """Set `file` and `path` from where each file is now (the same bytes may have moved)."""
    names = {doc.sha1: doc.name for doc in docs}
    paths = {doc.sha1: doc.path for doc in docs}
    articles = frames["articles"].copy()
    articles["file"] = articles["file_sha1"].map(names)
    articles["path"] = articles["file_sha1"].map(paths)
    metrics = frames["metrics"].copy()
    by_prefix = {sha1[:12]: name for sha1, name in names.items()}
    metrics["file"] = metrics["article_id"].str[:12].map(by_prefix)
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
