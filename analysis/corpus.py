"""Build the corpus frames of a set of files: read them, take what the snapshot store
(`cache`) holds, run the pipeline (`pipeline`) on the rest, and combine.

The frames are plain data (pandas frames, columns in `schema`). User layers (corrections,
theme lexicon, stopwords) are applied by `api.open_corpus`, never here.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from . import cache, ingest, pipeline, reprints
from .schema import typed_frame
from .segment import dictionary_key, load_segmenter
from .figuredb import FigureTable
from .termdb import TermCounts
from .textdb import ON_DISK, ArticleTexts

ENGINE_VERSION = "0.10.0"  # 0.10: term counts as integer Parquet (termdb); 0.9: text_key per article; 0.8: reprint fingerprints, damaged UTF-8 stays UTF-8


@dataclass
class CorpusFrames:
    """Every analysed article of a set of files."""

    articles: pd.DataFrame  # every column but the texts and signatures (textdb.ON_DISK), which `texts` reads
    terms: TermCounts  # per article and term, queried on disk (see `termdb`)
    files: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    metrics: FigureTable | None = None  # every figure, read by selection (see `figuredb`)
    texts: ArticleTexts | None = None  # the articles' texts, read on demand (see `textdb`)

    @property
    def is_empty(self) -> bool:
        return self.articles.empty

    def with_texts(self, columns: tuple[str, ...] = ("text",)) -> pd.DataFrame:
        """Every article with its text (read from disk): for notebooks and tests, not queries."""
        return self.texts.attach(self.articles, columns)

    def figures_of(self, article_ids: pd.Series, limit: int | None = None) -> pd.DataFrame:
        """The figures of these articles (matched by position, not string: 344k figures of
        20k articles in milliseconds), the first `limit` when given."""
        return self.metrics.select(self.terms.rows_of(article_ids), limit)

    def figure_count(self, article_ids: pd.Series) -> int:
        return self.metrics.count(self.terms.rows_of(article_ids))


def load_corpus(
    paths: list[str | os.PathLike],
    *,
    extra_words: tuple[str, ...] = (),
    on_progress: Callable[[int, int, str], None] | None = None,
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    client=None,
) -> CorpusFrames:
    """Read, split, enrich and count every supported file under `paths`.

    Analysed files are cached in memory and, with `cache_dir`, on disk (see `cache`), so
    only new or changed files are analysed. `workers` processes share the new files (default:
    the CPU count when there are many); with `client` (a Dask `distributed.Client`) they are
    analysed as tasks on its cluster instead, and the result is the same.
    """
    files, warnings = ingest.iter_input_files(paths)
    raws: list[ingest.RawFile] = []
    seen_hashes: set[str] = set()
    hashes = cache.FileHashes(cache_dir)
    for path in files:
        try:
            found, problems = ingest.read_input(path, known=hashes.known)  # a .zip gives its members
        except ingest.IngestError as err:
            warnings.append(str(err))
            continue
        except OSError as err:
            warnings.append(f"{path.name}：无法读取（{err.strerror or err}）")
            continue
        warnings.extend(problems)
        for raw in found:
            if raw.sha1 in seen_hashes:
                warnings.append(f"{raw.label}：与已读入的文件内容相同，已跳过")
                continue
            seen_hashes.add(raw.sha1)
            raws.append(raw)
            if raw.data is not None and not raw.in_archive:
                hashes.record(raw.path, raw.sha1)
    hashes.save()
    frames, infos = _analysed_frames(raws, tuple(extra_words), cache_dir, workers, on_progress, client)
    # Messages name the file as it is called now (the same bytes may have been renamed).
    infos = {raw.sha1: infos[raw.sha1].named(raw.label) for raw in raws}
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
    counted, chars = per_file["articles"].to_dict(), per_file["chars"].to_dict()  # not a Series lookup per file
    file_rows = [
        {
            "file": raw.name, "path": raw.path, "sha1": raw.sha1, "encoding": infos[raw.sha1].encoding,
            "articles": int(counted.get(raw.sha1, 0)),
            "chars": int(chars.get(raw.sha1, 0)),
            "warnings": "；".join(infos[raw.sha1].warnings),
        }
        for raw in usable
    ]
    warnings.extend(same_report_warnings(articles))
    return CorpusFrames(
        articles=articles,
        terms=frames["terms"],
        files=typed_frame("files", file_rows),
        warnings=warnings,
        metrics=frames["metrics"],
        texts=frames["texts"],
    )


SAME_REPORT_SHARE = 0.8


def same_report_warnings(articles: pd.DataFrame) -> list[str]:
    """A line for each file whose articles an earlier file already holds (one report saved
    as .docx and again as .txt): compared by their text without spaces or punctuation
    (`text_key`, computed when the file was analysed)."""
    per_file: dict[str, list[str]] = {}
    for file, key in zip(articles["file"].tolist(), articles["text_key"].tolist()):
        if isinstance(key, str):
            per_file.setdefault(file, []).append(key)
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


def _decode(raw: ingest.RawFile) -> tuple[ingest.Document | None, cache.FileInfo]:
    try:
        doc = raw.decode()
    except ingest.IngestError as err:
        return None, cache.FileInfo(raw.sha1, raw.label, error=str(err))
    return doc, cache.FileInfo(raw.sha1, raw.label, doc.encoding, tuple(doc.warnings))


def _analysed_frames(raws, extra_words, cache_dir, workers, on_progress, client=None):
    """The three frames for the files, and how each decoded: from the corpus snapshot, from
    what the store holds plus the files that are new or changed, or from fresh analysis.
    Editing the dictionary re-segments the stored articles without splitting them again."""
    store = cache.Store(cache_dir, ENGINE_VERSION, dictionary_key(extra_words))
    sha1s = [raw.sha1 for raw in raws]
    whole = store.whole(sha1s)
    if whole is not None:
        return whole
    held = store.held(sha1s)
    todo: list[ingest.Document] = []
    for raw in raws:
        if raw.sha1 in held.analysed:
            continue
        doc, held.infos[raw.sha1] = _decode(raw)
        if doc is None:  # unreadable: remembered (with its message) like an analysed file
            held.add(raw.sha1, {})
        else:
            todo.append(doc)
    done = len(raws) - len(todo)
    for doc, columns in pipeline.analyse_documents(todo, extra_words, workers, client):
        done += 1
        held.add(doc.sha1, columns)
        store.remember(doc.sha1, columns, held.infos[doc.sha1])
        if on_progress:
            on_progress(done, len(raws), doc.name)
    resegment = set(sha1s) - held.tokenised
    if resegment:
        held.pieces["terms"].append(pipeline.segment_articles(
            held.to_resegment(resegment), load_segmenter(extra_words), on_progress))
    combined = held.combined(sha1s)
    articles = combined["articles"]
    tokens = combined["terms"].groupby("article_id")["count"].sum()
    articles["tokens"] = articles["article_id"].map(tokens).fillna(0).astype("int64")
    combined["articles"] = reprints.with_stories(articles, combined["metrics"])  # across files: after they are all in
    combined["terms"] = TermCounts.from_frame(combined["terms"], articles["article_id"])
    saved = store.save(sha1s, combined, held.infos)
    ids = combined["terms"].article_ids
    if saved is not None:  # queries read counts, figures and texts from disk: the build's copies go
        combined.update(cache.left_on_disk(saved, ids))
    else:
        combined["metrics"] = FigureTable(ids, frame=combined["metrics"])
        combined["texts"] = ArticleTexts(ids, frame=combined["articles"][["article_id", *ON_DISK]])
    combined["articles"] = combined["articles"].drop(columns=list(ON_DISK))
    return combined, held.infos


def _bind_to_files(frames: dict[str, pd.DataFrame], docs: list[ingest.RawFile]) -> dict[str, pd.DataFrame]:
    """Set `file` and `path` from where each file is now (the same bytes may have moved)."""
    names = {doc.sha1: doc.name for doc in docs}
    paths = {doc.sha1: doc.path for doc in docs}
    articles = frames["articles"].copy()
    articles["file"] = articles["file_sha1"].map(names)
    articles["path"] = articles["file_sha1"].map(paths)
    metrics = frames["metrics"].named({sha1[:12]: name for sha1, name in names.items()})
    return {"articles": articles, "terms": frames["terms"], "metrics": metrics, "texts": frames["texts"]}
