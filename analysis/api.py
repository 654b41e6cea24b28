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

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from . import datadir
from .compare import compare_groups
from .corpus import CorpusFrames, load_corpus
from .filters import FILTER_KEYS, FilterError, Filters, apply_filters, filters_from_params
from .kwic import keyword_in_context
from .overrides import OverrideError, load_overrides, overrides_path
from .schema import ARTICLE_COLUMNS, GROUPABLE_FIELDS
from .segment import load_stopwords
from .settings import Settings, SettingsError, lexicon_path, user_settings
from .terms import term_table
from .themes import LexiconError, load_lexicon, theme_shares, with_themes

Progress = Callable[[int, int, str], None]


def open_corpus(paths: Iterable[str | os.PathLike] | None = None, data_dir: str | os.PathLike | None = None,
                on_progress: Progress | None = None) -> "Corpus":
    """Read, split, enrich and count the files under `paths` (default: the dashboard's corpus)
    with the settings, corrections, lexicon and stopwords of `data_dir` (default: the data
    directory, `$UNION_DASH_DATA` or `data/`). Analysis is cached in the data directory.

    `on_progress(done, total, name)` is called as files are analysed. Problems with single
    files or settings become `warnings` (Chinese, one line each); nothing raises for them.
    """
    home = Path(data_dir).expanduser().resolve() if data_dir is not None else datadir.data_dir()
    warnings: list[str] = []
    try:
        settings = user_settings(home)
    except SettingsError as err:
        warnings.append(str(err))
        settings = Settings()
    if paths is None:
        uploads = home / "uploads"
        paths = ([datadir.SEEDS_DIR] if not settings.hide_seeds else []) + ([uploads] if uploads.is_dir() else [])
    try:
        overrides = load_overrides(overrides_path(home))
    except OverrideError as err:
        warnings.append(str(err))
        overrides = []
    frames = load_corpus(list(paths), extra_words=tuple(settings.words), overrides=overrides,
                         on_progress=on_progress, cache_dir=home / "cache")
    try:
        lexicon, min_hits = load_lexicon(lexicon_path(home))
    except LexiconError as err:
        warnings.append(f"{err}；暂用内置主题词表")
        lexicon, min_hits = load_lexicon(None)
    frames.articles = with_themes(frames.articles, lexicon, min_hits)
    frames.warnings = frames.warnings + warnings
    return Corpus(frames, lexicon=lexicon, stopwords=load_stopwords(tuple(settings.stopwords)))


class Corpus:
    """An opened corpus, or a selection of it (`filter`). Every method returns a DataFrame
    with exactly the columns the CLI prints (shared/CONTRACTS.md); unknown values are NA."""

    def __init__(self, frames: CorpusFrames, *, lexicon: dict[str, list[str]], stopwords: frozenset[str],
                 selected: pd.DataFrame | None = None, filters: Filters = Filters()):
        self.frames = frames  # articles (with themes), terms, metrics and files of the whole corpus
        self.lexicon = lexicon
        self.stopwords = stopwords
        self.selection = frames.articles if selected is None else selected
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
        filters = filters_from_params({key: [str(v) for v in values] for key, values in params.items()})
        return Corpus(self.frames, lexicon=self.lexicon, stopwords=self.stopwords,
                      selected=apply_filters(self.selection, filters), filters=filters)

    def articles(self, with_text: bool = False) -> pd.DataFrame:
        """One row per article: id, file, title, byline, source, date, place, year, the evidence
        for both, characters (and the text)."""
        return self.selection[ARTICLE_COLUMNS + (["text"] if with_text else [])].reset_index(drop=True)

    def metrics(self) -> pd.DataFrame:
        """Every figure of the selected articles with its unit, qualifier, subject and sentence."""
        figures = self.frames.metrics
        return figures[figures["article_id"].isin(self.selection["article_id"])].reset_index(drop=True)

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
        lines = keyword_in_context(self.selection, term, window=window, sort=sort)
        return lines[["article_id", "left", "term", "right"]]

    def themes(self, by: str | None = None) -> pd.DataFrame:
        """Share of each group's articles carrying each theme of the lexicon (`by`: a field,
        "article", or None for one group 全部)."""
        if by not in (None, "article", *GROUPABLE_FIELDS):
            raise FilterError(f"不支持的分组：{by}")
        return theme_shares(self.selection, list(self.lexicon), by=by)


def _values(by: str, values: str | Iterable[str]) -> list[str]:
    """Full names for place values (short names accepted), years and files as given."""
    values = [values] if isinstance(values, str) else [str(v) for v in values]
    if by in ("province", "city", "district"):
        return list(getattr(filters_from_params({by: values}), by))
    return values
