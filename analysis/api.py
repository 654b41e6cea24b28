"""The engine's one door: open a corpus, select from it, get DataFrames.

The CLI formats what these methods return, the dashboard draws it, and a notebook uses it
directly (see shared/CONTRACTS.md, "Python API"):

>>> from analysis import open_corpus
>>> c = open_corpus(["seeds"])                     # exactly these paths, like the CLI's PATH
>>> s = c.filter(province="上海", year="2019-2023")  # same keys and values as the CLI and the URL
>>> s.articles().columns[:4].tolist()
['article_id', 'file', 'path', 'title']
>>> s.terms(top=3)["term"].tolist()                  # doctest: +SKIP
['职工', '工会', '服务']

`open_corpus()` with no paths opens the dashboard's corpus: the seeds (unless hidden in the
settings) plus the files uploaded to the data directory. The user's settings, corrections,
theme lexicon and stopwords are applied once, as the dashboard applies them.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from . import datadir
from .compare import compare_groups, keyness_by_group
from .cache import derived
from .corpus import ENGINE_VERSION, CorpusFrames, load_corpus
from .filters import FILTER_KEYS, FilterError, Filters, apply_filters, filters_from_params
from .ingest import walk_files
from .kwic import keyword_in_context
from .reprints import one_per_story, reprint_table
from .overrides import OverrideError, apply_overrides, load_overrides, orphan_warning, overrides_path
from .schema import ARTICLE_COLUMNS, GROUPABLE_FIELDS
from .segment import load_stopwords
from .settings import Settings, SettingsError, lexicon_path, settings_path, user_settings
from .terms import is_in, term_table, term_trends
from .themes import LexiconError, carried_frame, lexicon_key, load_lexicon, theme_shares, with_themes
from .topics import cooccurrence, discover_topics

Progress = Callable[[int, int, str], None]


def open_corpus(paths: Iterable[str | os.PathLike] | None = None, data_dir: str | os.PathLike | None = None,
                on_progress: Progress | None = None, *, workers: int | None = None, client=None) -> "Corpus":
    """Read, split, enrich and count the files under `paths` (default: the dashboard's corpus)
    with the settings, corrections, lexicon and stopwords of `data_dir` (default: the data
    directory, `$UNION_DASH_DATA` or `data/`). Analysis is cached in the data directory.

    `on_progress(done, total, name)` is called as files are analysed. Problems with single
    files or settings become `warnings` (Chinese, one line each); nothing raises for them.
    Opening the same unchanged files again (say, after a correction) reuses their analysis
    and only re-applies the user's layers. `workers`: processes for new files (default:
    several when there are many; the dashboard's server uses 1); `client`: a Dask
    `distributed.Client` whose cluster analyses the new files instead (`python -m analysis build
    --dask`).
    """
    home = _home(data_dir)
    settings, warnings = _settings(home)
    paths = default_paths(home, settings) if paths is None else list(paths)
    frames = _analysed(paths, tuple(settings.words), home / "cache", on_progress, workers, client)
    try:
        lexicon, min_hits = load_lexicon(lexicon_path(home))
    except LexiconError as err:
        warnings.append(f"{err}；暂用内置主题词表")
        lexicon, min_hits = load_lexicon(None)
    orphaned = []
    try:
        overrides = load_overrides(overrides_path(home))
    except OverrideError as err:
        warnings.append(str(err))
        overrides = []
    articles = frames.articles
    if overrides:
        articles, orphans = apply_overrides(articles, overrides)
        orphaned = [orphan_warning(o) for o in orphans]
    carried = derived(home / "cache", "themes", _themes_key(articles, lexicon, min_hits),
                      lambda: carried_frame(frames.texts.attach(articles), lexicon, min_hits))
    frames = dataclasses.replace(frames, articles=with_themes(articles, lexicon, min_hits, carried),
                                 warnings=frames.warnings + warnings + orphaned)
    return Corpus(frames, lexicon=lexicon, stopwords=load_stopwords(tuple(settings.stopwords)),
                  settings_warnings=tuple(warnings), theme_min_hits=min_hits)


def _themes_key(articles: pd.DataFrame, lexicon: dict[str, list[str]], min_hits: int) -> str:
    """Carried themes depend on the lexicon and each article's title and text, which its id
    (file hash and position) and the engine version fix, except titles corrected by the user."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{ENGINE_VERSION}\n{lexicon_key(lexicon)}\n{min_hits}\n".encode())
    digest.update("\n".join(articles["article_id"]).encode())
    digest.update("\n".join(articles["title"].fillna("")).encode())
    return digest.hexdigest()


def corpus_version(data_dir: str | os.PathLike | None = None) -> tuple:
    """A cheap key that changes whenever `open_corpus(data_dir=data_dir)` would return
    something different: the files' paths, sizes and times, and the user's settings,
    corrections and lexicon files. For callers that keep an opened corpus (the dashboard)."""
    home = _home(data_dir)
    settings, _ = _settings(home)
    stamps = tuple(_stamp(path) for path in (settings_path(home), overrides_path(home), lexicon_path(home)))
    return (str(home), _fingerprint(default_paths(home, settings)), stamps)


def corpus_stamp(data_dir: str | os.PathLike | None = None) -> tuple:
    """A key much cheaper than `corpus_version` (a few stats, not one per file) that changes
    whenever the app itself adds, removes or restores a file, or saves settings, corrections
    or the lexicon: uploads are renamed into the uploads folder, which changes its time. A
    file edited in place behind the app's back changes `corpus_version` only."""
    home = _home(data_dir)
    watched = (settings_path(home), overrides_path(home), lexicon_path(home), home / "uploads", datadir.SEEDS_DIR)
    return (str(home), *(_stamp(path) for path in watched))


def default_paths(home: Path, settings: Settings) -> list[Path]:
    """The dashboard's corpus: the seeds (unless hidden) and the uploads of `home`."""
    uploads = home / "uploads"
    return ([datadir.SEEDS_DIR] if not settings.hide_seeds else []) + ([uploads] if uploads.is_dir() else [])


def _home(data_dir: str | os.PathLike | None) -> Path:
    return Path(data_dir).expanduser().resolve() if data_dir is not None else datadir.data_dir()


def _settings(home: Path) -> tuple[Settings, list[str]]:
    try:
        return user_settings(home), []
    except SettingsError as err:
        return Settings(), [str(err)]


def _stamp(path: str | os.PathLike) -> tuple:
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)


def _fingerprint(paths: Iterable[str | os.PathLike]) -> tuple:
    """Path, size and mtime of every file under `paths`; content hashes key the engine cache."""
    entries = []
    for root in map(Path, paths):
        files = [str(root)] if root.is_file() else [os.path.join(root, f) for f, _ in walk_files(root)]
        entries.extend((path, *_stamp(path)) for path in files)
    return tuple(entries)


_ANALYSED: OrderedDict[tuple, CorpusFrames] = OrderedDict()  # the last analyses, shared and never mutated
_ANALYSED_ENTRIES = 2
_ANALYSED_LOCK = threading.Lock()


def _analysed(paths: list, words: tuple[str, ...], cache: Path, on_progress: Progress | None,
              workers: int | None, client=None) -> CorpusFrames:
    """The analysis of `paths` (no user layers), reused while no file changed."""
    key = (_fingerprint(paths), words, str(cache))
    with _ANALYSED_LOCK:
        if key in _ANALYSED:
            _ANALYSED.move_to_end(key)
            return _ANALYSED[key]
    frames = load_corpus(paths, extra_words=words, on_progress=on_progress, cache_dir=cache, workers=workers,
                         client=client)
    with _ANALYSED_LOCK:
        _ANALYSED[key] = frames
        while len(_ANALYSED) > _ANALYSED_ENTRIES:
            _ANALYSED.popitem(last=False)
    return frames


class Corpus:
    """An opened corpus, or a selection of it (`filter`). Every method returns a DataFrame
    with exactly the columns the CLI prints (shared/CONTRACTS.md); unknown values are NA."""

    def __init__(self, frames: CorpusFrames, *, lexicon: dict[str, list[str]], stopwords: frozenset[str],
                 selected: pd.DataFrame | None = None, filters: Filters = Filters(),
                 settings_warnings: tuple[str, ...] = (), theme_min_hits: int = 1, deduplicated: bool = False):
        self.frames = frames  # articles (with themes), terms, metrics and files of the whole corpus
        self.lexicon = lexicon
        self.stopwords = stopwords
        self.settings_warnings = settings_warnings  # the user's settings, lexicon or corrections file is broken
        self.theme_min_hits = theme_min_hits  # hits of a theme's words that give an article the theme
        self.deduplicated = deduplicated  # one copy per story (`unique`)
        self.selection = frames.articles if selected is None else selected
        self.all_copies = self.selection  # the selection before `unique` folded reprints
        self.filters = filters

    @property
    def warnings(self) -> list[str]:
        """What could not be read or applied, in Chinese, one line each."""
        return self.frames.warnings

    @property
    def files(self) -> pd.DataFrame:
        return self.frames.files

    def __len__(self) -> int:
        return len(self.selection)

    def __repr__(self) -> str:
        return f"<Corpus: {len(self.selection)} of {len(self.frames.articles)} articles, {len(self.files)} files>"

    def filter(self, **keys: str | Iterable[str] | None) -> "Corpus":
        """The articles that also match `keys` (province, city, district, year, file, theme, q),
        each a value or a list of values, as on the command line and in the URL: short place
        names are resolved (上海 → 上海市), `year` is `2023` or `2019-2023`.

        >>> open_corpus(["seeds"]).filter(province="浙江").articles()["city"].tolist()   # doctest: +SKIP
        ['舟山市']
        """
        unknown = set(keys) - set(FILTER_KEYS)
        if unknown:
            raise FilterError(f"不支持的筛选条件：{'、'.join(sorted(unknown))}")
        params = {key: [value] if isinstance(value, (str, int)) else list(value or [])
                  for key, value in keys.items()}
        return self.select(filters_from_params({key: [str(v) for v in values] for key, values in params.items()}))

    def select(self, filters: Filters) -> "Corpus":
        """The articles that also match `filters` (the dashboard's sidebar, parsed)."""
        return self._narrowed(apply_filters(self.selection, filters, texts=self.frames.texts), filters=filters)

    def subset(self, articles: pd.DataFrame) -> "Corpus":
        """The selection narrowed to the rows of `articles` (a slice of `selection`), e.g. one
        group of a comparison."""
        return self._narrowed(self.selection[is_in(self.selection["article_id"], articles["article_id"])])

    def unique(self) -> "Corpus":
        """One copy of each story (reprints folded): the representative when selected, else
        the first selected copy. Every count, rate, share, trend and figure total of the result
        counts a story once."""
        unique = self._narrowed(one_per_story(self.selection), deduplicated=True)
        unique.all_copies = self.all_copies
        return unique

    @property
    def folded(self) -> int:
        """Copies that `unique` left out of this selection."""
        return len(self.all_copies) - len(self.selection)

    def _narrowed(self, selected: pd.DataFrame, *, filters: Filters | None = None,
                  deduplicated: bool | None = None) -> "Corpus":
        return Corpus(self.frames, lexicon=self.lexicon, stopwords=self.stopwords,
                      settings_warnings=self.settings_warnings, theme_min_hits=self.theme_min_hits,
                      selected=selected, filters=self.filters if filters is None else filters,
                      deduplicated=self.deduplicated if deduplicated is None else deduplicated)

    def reprints(self) -> pd.DataFrame:
        """The selected articles that have copies, grouped by `story` (representative first),
        each with its similarity to the representative (share of shingles, estimated)."""
        return reprint_table(self.selection)

    def copies(self, article_id: str) -> pd.DataFrame:
        """The other copies of the article's story in the whole corpus (empty when none)."""
        articles = self.frames.articles
        story = articles.loc[articles["article_id"] == article_id, "story"]
        if story.empty:
            return articles.iloc[0:0]
        return articles[(articles["story"] == story.iloc[0]) & (articles["article_id"] != article_id)]

    def articles(self, with_text: bool = False) -> pd.DataFrame:
        """One row per article: id, file, title, byline, source, date, place, year, the evidence
        for both, characters (and the text)."""
        articles = self.selection[ARTICLE_COLUMNS].reset_index(drop=True)
        return self.frames.texts.attach(articles) if with_text else articles

    def texts(self, article_ids: Iterable[str], columns: Iterable[str] = ("text",)) -> pd.DataFrame:
        """article_id and `columns` (text, captions, kicker) of those articles, in that order:
        texts stay on disk until asked for."""
        return self.frames.texts.of(article_ids, columns)

    def metrics(self, limit: int | None = None) -> pd.DataFrame:
        """Every figure of the selected articles with its unit, qualifier, subject and
        sentence (the first `limit` only, when given: read no more than a page shows)."""
        return self.frames.figures_of(self.selection["article_id"], limit)

    def metric_count(self) -> int:
        """How many figures the selected articles hold (without reading them)."""
        return self.frames.figure_count(self.selection["article_id"])

    def terms(self, by: str | None = None, top: int | None = None, pos: Iterable[str] = ()) -> pd.DataFrame:
        """Term counts, rate per 10,000 tokens and document frequency, per group of `by`
        (province, city, district, year, file, theme; None: one group 全部), `top` per group."""
        articles = self.selection
        if by == "theme":
            articles = articles.explode("themes").dropna(subset=["themes"]).rename(columns={"themes": "theme"})
        return term_table(articles, self.frames.terms, stopwords=self.stopwords, by=by, top=top, pos=tuple(pos))

    def compare(self, by: str, a: str | Iterable[str], b: str | Iterable[str] | None = None,
                min_count: int = 3) -> pd.DataFrame:
        """Keyness of group(s) `a` against `b` (default: the rest of the selection): signed G²,
        log ratio and p-value per term, strongest first.

        >>> open_corpus(["seeds"]).compare(by="province", a="上海").head(1)   # doctest: +SKIP
        """
        if by not in GROUPABLE_FIELDS:
            raise FilterError(f"不支持的对比维度：{by}")
        return compare_groups(self.selection, self.frames.terms, by=by, a=_values(by, a),
                              b=_values(by, b) if b is not None else None, stopwords=self.stopwords,
                              min_count=min_count)

    def kwic(self, term: str, window: int = 20, sort: str | None = None) -> pd.DataFrame:
        """Every occurrence of `term` with `window` characters either side; `sort` "left" or "right"."""
        texts = self.frames.texts
        ids = self.selection["article_id"]
        if term.strip():  # only the texts that hold the term are read
            ids = ids[texts.hold(term.strip(), ids)]
        lines = keyword_in_context(texts.of(ids), term, window=window, sort=sort)
        return lines[["article_id", "left", "term", "right"]]

    def themes(self, by: str | None = None) -> pd.DataFrame:
        """Share of each group's articles carrying each theme of the lexicon (`by`: a field,
        "article", or None for one group 全部)."""
        if by not in (None, "article", *GROUPABLE_FIELDS):
            raise FilterError(f"不支持的分组：{by}")
        return theme_shares(self.selection, list(self.lexicon), by=by)

    def distinctive(self, by: str, top: int = 10, min_count: int = 3) -> pd.DataFrame:
        """For every group of `by`, its `top` over-represented terms against the rest (G²)."""
        return keyness_by_group(self.selection, self.frames.terms, by=by, stopwords=self.stopwords,
                                min_count=min_count, top=top)

    def trends(self, words: Iterable[str]) -> pd.DataFrame:
        """Per year and word: count, rate per 10,000 tokens, and the year's article count."""
        return term_trends(self.selection, self.frames.terms, list(words))

    def cooccurrence(self, top_terms: int = 60, min_together: int = 2) -> pd.DataFrame:
        """Pairs of the `top_terms` most frequent terms that share articles, scored by PMI."""
        return cooccurrence(self.selection, self.frames.terms, stopwords=self.stopwords,
                            top_terms=top_terms, min_together=min_together)

    def topics(self, n_topics: int = 6) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(topic words, article weights) discovered by NMF on tf-idf; deterministic."""
        return discover_topics(self.selection, self.frames.terms, stopwords=self.stopwords, n_topics=n_topics)


def _values(by: str, values: str | Iterable[str]) -> list[str]:
    """Full names for place values (short names accepted), years and files as given."""
    values = [values] if isinstance(values, str) else [str(v) for v in values]
    if by in ("province", "city", "district"):
        return list(getattr(filters_from_params({by: values}), by))
    return values
