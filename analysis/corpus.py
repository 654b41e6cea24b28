"""Build the Corpus: files → pages → articles → enriched rows and term counts.

The Corpus is plain data (pandas frames, columns in `schema`). Each file's analysis is
cached in memory by (file bytes hash, engine version, dictionary key), so reloading an
unchanged corpus costs nothing and adding a file analyses only that file.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Callable

import pandas as pd

from . import dates, ingest, places, split
from .overrides import Override, apply_overrides
from .metrics import extract_metrics
from .schema import ARTICLE_COLUMNS, ARTICLE_EXTRA_COLUMNS, FILE_COLUMNS, METRIC_COLUMNS, TERM_COLUMNS
from .segment import Segmenter, load_segmenter
from .terms import term_rows

ENGINE_VERSION = "0.4.0"


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


@dataclass(frozen=True)
class FileAnalysis:
    """What one file contributes to the Corpus."""

    articles: list[dict]
    terms: list[tuple[str, str, int]]
    metrics: list[dict]


_FILE_CACHE: dict[tuple[str, str, str], FileAnalysis] = {}


def analyse_document(doc: ingest.Document, segmenter: Segmenter) -> FileAnalysis:
    """Split one document into articles, enrich them and count their terms."""
    key = (doc.sha1, ENGINE_VERSION, segmenter.key)
    cached = _FILE_CACHE.get(key)
    if cached is not None:
        return cached
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
                "subtitle": parts.subtitle,
                "byline": parts.byline,
                "source": parts.source,
                "date": parts.date or year.date,
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
    result = FileAnalysis(articles=rows, terms=terms, metrics=figures)
    _FILE_CACHE[key] = result
    return result


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
) -> Corpus:
    """Read, split, enrich and count every supported file under `paths`.

    `overrides` (the user's corrections) are applied last; those that match no article
    are reported in `warnings`.
    """
    files, warnings = ingest.iter_input_files(paths)
    segmenter = load_segmenter(tuple(extra_words))
    article_rows: list[dict] = []
    term_rows_all: list[tuple[str, str, int]] = []
    metric_rows: list[dict] = []
    file_rows: list[dict] = []
    seen_hashes: set[str] = set()
    for n, path in enumerate(files, start=1):
        if on_progress:
            on_progress(n, len(files), path.name)
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
        analysis = analyse_document(doc, segmenter)
        article_rows.extend(analysis.articles)
        term_rows_all.extend(analysis.terms)
        metric_rows.extend(analysis.metrics)
        file_rows.append(
            {
                "file": doc.name,
                "path": doc.path,
                "sha1": doc.sha1,
                "encoding": doc.encoding,
                "articles": len(analysis.articles),
                "chars": sum(a["chars"] for a in analysis.articles),
                "warnings": "；".join(doc.warnings),
            }
        )
    articles = _articles_frame(article_rows)
    if overrides:
        articles, orphans = apply_overrides(articles, overrides)
        warnings.extend(f"更正记录找不到对应文章（未应用）：{o.title}（{o.file}）" for o in orphans)
    return Corpus(
        articles=articles,
        terms=pd.DataFrame(term_rows_all, columns=TERM_COLUMNS),
        files=pd.DataFrame(file_rows, columns=FILE_COLUMNS),
        warnings=warnings,
        metrics=_metrics_frame(metric_rows),
    )


def _metrics_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["value_high"] = frame["value_high"].astype("Float64")
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    return frame


def _articles_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS + ARTICLE_EXTRA_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    frame["lat"] = frame["lat"].astype("Float64")
    frame["lon"] = frame["lon"].astype("Float64")
    frame["chars"] = frame["chars"].astype("int64")
    frame["tokens"] = frame["tokens"].astype("int64")
    return frame
