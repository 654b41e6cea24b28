"""The per-document pipeline: one `Article` record per article, which each stage reads and adds to.

    split ─▶ locate ─▶ date ─▶ segment ─▶ find figures ─▶ fingerprint ─▶ columns

A stage is a function of the page's records (places and years weigh the other articles of
the same page) that fills in its own fields and nothing else; `STAGES` lists them in order
with what each needs and adds. `analyse_document` runs them over one decoded file and
returns the columns of the three corpus frames (articles, terms, metrics). Which files need
analysing at all, and what is kept between runs, is the snapshot store's business (`cache`).
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

import pandas as pd

from . import dates, ingest, places, reprints, split
from .metrics import Metric, extract_metrics
from .schema import ARTICLE_COLUMNS, ARTICLE_EXTRA_COLUMNS, METRIC_COLUMNS, TERM_COLUMNS
from .segment import Segmenter, load_segmenter
from .terms import count_terms, term_rows

PARALLEL_MIN_FILES = 40
RESEGMENT_LABEL = "重新分词"  # the `name` on_progress gets while re-segmenting (counts are articles)

Columns = dict[str, list]
Progress = Callable[[int, int, str], None]


@dataclass
class Article:
    """One article as it moves through the stages: split fills `parts`, the others add."""

    doc: ingest.Document
    index: int
    parts: split.ArticleParts
    region: places.Region | None = None  # added by `locate`
    year: dates.YearGuess | None = None  # added by `date`
    tokens: list[str] = field(default_factory=list)  # added by `segment`
    figures: list[Metric] = field(default_factory=list)  # added by `find_figures`
    minhash: bytes = b""  # added by `fingerprint`
    shingles: int = 0  # added by `fingerprint`
    text_key: str | None = None  # added by `fingerprint`

    @property
    def article_id(self) -> str:
        return f"{self.doc.file_id}-{self.index}"

    def place_parts(self) -> dict[str, str]:
        """The fields place names are weighed in, by role."""
        parts = self.parts
        return {"title": parts.title, "subtitle": parts.subtitle, "byline": parts.byline,
                "kicker": parts.kicker, "body": parts.body}

    def dating_text(self) -> str:
        parts = self.parts
        return "\n".join([parts.kicker, parts.title, parts.subtitle, parts.byline, parts.body])


Page = list[Article]


def locate(page: Page, segmenter: Segmenter) -> None:
    """Add each article's region; the page's other articles settle ambiguous names."""
    parts = [article.place_parts() for article in page]
    page_support = places.page_support_of(parts)
    for article, own, support in zip(page, parts, page_support):
        article.region = places.infer_region(own, page_support=support,
                                             home=places.home_province(article.parts.source))


def date(page: Page, segmenter: Segmenter) -> None:
    """Add each article's year, from its publication line first, else from its text and page."""
    texts = [article.dating_text() for article in page]
    for article, text, scores in zip(page, texts, dates.page_year_scores(texts)):
        parts = article.parts
        article.year = dates.infer_year(text, page_scores=scores, published=parts.date or None,
                                        published_by=parts.date_line)


def segment(page: Page, segmenter: Segmenter) -> None:
    """Add each article's tokens (headline and body)."""
    for article in page:
        article.tokens = segmenter.cut(article.parts.title + "\n" + article.parts.body)


def find_figures(page: Page, segmenter: Segmenter) -> None:
    """Add each article's figures (value, unit, qualifier, subject, sentence)."""
    for article in page:
        article.figures = extract_metrics(article.parts.body)


def fingerprint(page: Page, segmenter: Segmenter) -> None:
    """Add each article's MinHash signature of its body, which finds its reprints, and the
    key of its exact text, which finds the same report saved twice."""
    signatures, sizes = reprints.signatures([article.parts.body for article in page])
    for article, signature, size in zip(page, signatures, sizes):
        article.minhash, article.shingles = signature, size
        article.text_key = reprints.text_key(article.parts.body)


# (stage, what it reads, what it adds): the order is the only dependency between them.
STAGES: tuple[tuple[Callable[[Page, Segmenter], None], str, str], ...] = (
    (locate, "parts", "region"),
    (date, "parts", "year"),
    (segment, "parts", "tokens"),
    (find_figures, "parts", "figures"),
    (fingerprint, "parts", "minhash, shingles, text_key"),
)


def analyse_document(doc: ingest.Document, segmenter: Segmenter) -> dict[str, Columns]:
    """Split one document into articles, run every stage, return the frames' columns.

    Columns (name → values), not frames: they become frames once, for all new files
    together, since a frame per file cost more than the analysis itself."""
    page = [Article(doc, index, parts)
            for index, parts in enumerate(split.split_page(doc.text, places_of=places.place_codes))]
    for stage, _, _ in STAGES:
        stage(page, segmenter)
    return columns_of(page)


_METRIC_FIELDS = Metric._fields


def columns_of(page: Page) -> dict[str, Columns]:
    """The records as columns of the articles, terms and metrics frames (shared/CONTRACTS.md)."""
    rows: Columns = {column: [] for column in ARTICLE_COLUMNS + ARTICLE_EXTRA_COLUMNS}
    terms: Columns = {column: [] for column in TERM_COLUMNS}
    figures: Columns = {column: [] for column in METRIC_COLUMNS}
    for article in page:
        parts, region, year, doc = article.parts, article.region, article.year, article.doc
        article_id = article.article_id
        row = {
            "article_id": article_id, "file": doc.name, "path": doc.path,
            "title": parts.title, "subtitle": parts.subtitle or None, "byline": parts.byline or None,
            "source": parts.source or None, "date": parts.date or year.date or None,
            "province": region.province, "city": region.city, "district": region.district,
            "adcode": region.adcode, "lat": region.lat, "lon": region.lon, "year": year.year,
            "region_evidence": region.evidence or None, "year_evidence": year.evidence or None,
            "chars": len(parts.body), "text": parts.body, "captions": "\n".join(parts.captions),
            "kicker": parts.kicker, "tokens": len(article.tokens), "file_sha1": doc.sha1,
            "index": article.index, "minhash": article.minhash, "shingles": article.shingles,
            "text_key": article.text_key,
            "story": article_id, "story_similarity": 1.0,  # until the corpus is complete (reprints)
        }
        for column, value in row.items():
            rows[column].append(value)
        counts = count_terms(article.tokens)
        terms["article_id"].extend([article_id] * len(counts))
        terms["term"].extend(counts.keys())
        terms["count"].extend(counts.values())
        for metric in article.figures:
            figures["article_id"].append(article_id)
            figures["file"].append(doc.name)
            figures["title"].append(parts.title)
            for name, value in zip(_METRIC_FIELDS, metric):
                figures[name].append(value)
    return {"articles": rows, "terms": terms, "metrics": figures}


def segment_articles(articles: pd.DataFrame, segmenter: Segmenter,
                     on_progress: Progress | None = None) -> pd.DataFrame:
    """Term rows for already split articles (the dictionary changed, the split did not)."""
    rows = []
    total = len(articles)
    for n, (article_id, title, text) in enumerate(
            zip(articles["article_id"], articles["title"], articles["text"]), start=1):
        rows.extend(term_rows(article_id, segmenter.cut(f"{title}\n{text}")))
        if on_progress and (n % 200 == 0 or n == total):
            on_progress(n, total, RESEGMENT_LABEL)
    return pd.DataFrame(rows, columns=TERM_COLUMNS)


def analyse_documents(docs: list[ingest.Document], extra_words: tuple[str, ...], workers: int | None = None,
                      client=None) -> Iterator[tuple[ingest.Document, dict[str, Columns]]]:
    """Yield (document, columns) for each document, in worker processes when there are many
    (default: up to 4 when there are `PARALLEL_MIN_FILES` or more), or as tasks on a Dask
    cluster when `client` (a `distributed.Client`) is given: each task analyses one document
    and returns its columns, which the caller combines exactly as a local build does."""
    if client is not None and docs:
        from distributed import as_completed as completed_on_cluster

        futures = client.map(_analyse_in_worker, docs, extra_words=extra_words, pure=False)
        doc_of = dict(zip((f.key for f in futures), docs))
        for future in completed_on_cluster(futures):
            yield doc_of[future.key], future.result()
            future.release()
        return
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if len(docs) >= PARALLEL_MIN_FILES else 1
    if workers <= 1 or len(docs) < 2:
        segmenter = load_segmenter(extra_words) if docs else None
        for doc in docs:
            yield doc, analyse_document(doc, segmenter)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(extra_words)) as pool:
        futures = {pool.submit(_analyse_in_worker, doc, extra_words): doc for doc in docs}
        for future in as_completed(futures):
            yield futures[future], future.result()


# Names a township too: townships are only looked up in texts that may name one.
_WARM_UP = ingest.Document(path="", name="", sha1="0" * 40, encoding="utf-8",
                           text="上海市总工会\n本报讯 2023年5月，上海市普陀区总工会为职工办实事40余件，"
                                "惠及石泉路街道等地职工3000人。")


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
