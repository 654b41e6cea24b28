"""User corrections of an article's headline, region or year, kept in the data directory.

An override is stored with the article id *and* its title and file. On load it is matched
by id; failing that (the splitter changed and ids moved), by title within the same file;
one that matches nothing is reported as orphaned and never applied to another article.
The file is written atomically (`atomic.write_atomic`: the old or the new file survives a
crash, never half), and a file that cannot be read is reported, never silently replaced.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd

from .atomic import write_atomic
from .gazetteer import NATIONAL, PlaceNameError, load_gazetteer, resolve

OVERRIDES_FILE = "overrides.json"


class OverrideError(ValueError):
    """An override that cannot be stored or a file that cannot be read (Chinese message)."""


@dataclass
class Override:
    """One correction. Empty strings mean "no place at this level"; None means "not changed"."""

    article_id: str
    file: str
    title: str
    province: str | None = None
    city: str | None = None
    district: str | None = None
    year: int | None = None
    new_title: str | None = None  # the corrected headline (`title` keeps the original, for matching)
    updated: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))


def overrides_path(data_dir: Path) -> Path:
    return Path(data_dir) / OVERRIDES_FILE


def load_overrides(path: Path) -> list[Override]:
    """Read the overrides file; a missing file is an empty list, a broken one an error."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [Override(**{k: v for k, v in item.items() if k in Override.__dataclass_fields__})
                for item in raw]
    except (OSError, ValueError, TypeError) as err:
        raise OverrideError(f"更正记录文件 {path.name} 无法读取（{err}），已保留原文件，未应用任何更正") from err


def save_overrides(path: Path, overrides: list[Override]) -> None:
    """Write all overrides atomically."""
    data = json.dumps([asdict(o) for o in overrides], ensure_ascii=False, indent=1)
    write_atomic(path, data)


def orphan_warning(override: Override) -> str:
    """The Chinese line that reports a correction matching no article (it is not applied)."""
    return f"更正记录找不到对应文章（未应用）：{override.title}（{override.file}）"


def record_override(data_dir: Path, override: Override, *, before: dict | None = None) -> None:
    """Add (or replace) one correction in the data directory's overrides file.

    Read, merge and write happen under the data directory's lock, so two sessions saving
    corrections at the same time keep both. The edit log gets the fields this correction
    sets, with their values in `before` (the article as it was shown) as the old ones."""
    from .edit_log import Edit, append_edit
    from .locking import data_lock

    path = overrides_path(data_dir)
    with data_lock(data_dir):
        save_overrides(path, upsert(load_overrides(path), override))
        new = corrected_fields(override)
        old = {key: (before or {}).get(key) for key in new}
        append_edit(data_dir, Edit("correction", (before or {}).get("title") or override.title, old=old, new=new,
                                   target_id=override.article_id))


def corrected_fields(override: Override) -> dict:
    """The article fields an override sets (`title`, `province`, `city`, `district`, `year`)."""
    fields: dict = {}
    if override.new_title is not None:
        fields["title"] = override.new_title
    if override.province is not None:
        fields.update(province=override.province, city=override.city, district=override.district)
    if override.year is not None:
        fields["year"] = override.year
    return fields


def make_override(article: pd.Series | dict, *, province: str | None = None, city: str | None = None,
                  district: str | None = None, year: int | str | None = None,
                  title: str | None = None) -> Override:
    """An Override for one article row, with place names resolved to their full form."""
    resolved: dict[str, str | None] = {}
    parents: list[str] = []
    for level, value in (("province", province), ("city", city), ("district", district)):
        if value is None:
            resolved[level] = None
            continue
        value = str(value).strip()
        if not value:
            resolved[level] = ""
            continue
        try:
            resolved[level] = resolve(level, value, within=parents)
        except PlaceNameError as err:
            raise OverrideError(str(err)) from err
        parents.append(resolved[level])
    year_value: int | None = None
    if year is not None and str(year).strip():
        try:
            year_value = int(str(year).strip())
        except ValueError as err:
            raise OverrideError(f"年份应为四位数字：{year!r}") from err
        if not 1900 <= year_value <= dt.date.today().year + 1:
            raise OverrideError(f"年份超出范围：{year_value}")
    new_title = None
    if title is not None:
        new_title = " ".join(str(title).split())
        if not new_title:
            raise OverrideError("标题不能为空")
    return Override(
        article_id=str(article["article_id"]), file=str(article["file"]), title=str(article["title"]),
        year=year_value, new_title=new_title, **resolved,
    )


def upsert(overrides: list[Override], new: Override) -> list[Override]:
    """The list with `new` merged into the override of the same article: what `new` leaves
    unchanged (None) keeps its earlier correction, and the article keeps the title it was
    first matched by (its headline as the engine read it)."""
    earlier = next((o for o in overrides if o.article_id == new.article_id), None)
    if earlier is not None:
        region = new if new.province is not None else earlier
        new = replace(
            new, title=earlier.title, province=region.province, city=region.city, district=region.district,
            year=new.year if new.year is not None else earlier.year,
            new_title=new.new_title if new.new_title is not None else earlier.new_title,
        )
    return [o for o in overrides if o.article_id != new.article_id] + [new]


def apply_overrides(articles: pd.DataFrame, overrides: list[Override]) -> tuple[pd.DataFrame, list[Override]]:
    """Apply overrides to the articles frame; return (new frame, orphaned overrides)."""
    if not overrides or articles.empty:
        return articles, list(overrides)
    articles = articles.copy()
    index_by_id = {aid: i for i, aid in zip(articles.index, articles["article_id"])}
    orphans: list[Override] = []
    for override in overrides:
        row = index_by_id.get(override.article_id)
        if row is None:
            row = _match_by_title(articles, override)
        if row is None:
            orphans.append(override)
            continue
        _apply_one(articles, row, override)
    return articles, orphans


def _match_by_title(articles: pd.DataFrame, override: Override):
    file_prefix = override.article_id.split("-", 1)[0]
    same_file = articles[
        (articles["article_id"].str.split("-").str[0] == file_prefix) | (articles["file"] == override.file)
    ]
    hits = same_file[same_file["title"] == override.title]
    return hits.index[0] if len(hits) == 1 else None


def _apply_one(articles: pd.DataFrame, row, override: Override) -> None:
    gazetteer = load_gazetteer()
    if override.province is not None:
        for level in ("province", "city", "district"):
            value = getattr(override, level)
            articles.at[row, level] = value or None
        chosen = None
        for level in ("district", "city", "province"):
            name = getattr(override, level)
            if name and name != NATIONAL:
                candidates = [
                    p for p in gazetteer.lookup(name, level)
                    if p.province == override.province and (level != "district" or p.city == override.city)
                ]
                if candidates:
                    chosen = candidates[0]
                    break
        articles.at[row, "adcode"] = chosen.adcode if chosen else None
        articles.at[row, "lat"] = chosen.lat if chosen else None
        articles.at[row, "lon"] = chosen.lon if chosen else None
        place = "/".join(p for p in (override.province, override.city, override.district) if p)
        articles.at[row, "region_evidence"] = f"人工更正（{override.updated}）：{place or '无'}"
    if override.new_title:
        articles.at[row, "title"] = override.new_title
    if override.year is not None:
        articles.at[row, "year"] = override.year
        articles.at[row, "year_evidence"] = f"人工更正（{override.updated}）：{override.year}年"

