"""Corpora of many shapes for the page tests: one region, one year, no year, many provinces,
one province with many districts, municipalities only, unknown places.

Articles are written from templates (headline, 本报讯 lead naming the acting union, a body
with figures), so every place and year comes from real gazetteer names and the engine
reads them back. Nothing here is copied news text.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from analysis.gazetteer import MUNICIPALITIES, load_gazetteer

ACTIVITIES = [
    ("开展“送清凉”活动", "为环卫工人、快递小哥等户外劳动者送去防暑降温用品{a}份，慰问一线职工{b}人次。"),
    ("举办职工职业技能竞赛", "竞赛设置电工、焊工、茶艺师等{a}个工种，{b}名选手参赛，评出技术能手{c}名。"),
    ("开展金秋助学活动", "为{a}名困难职工子女发放助学金{b}万元，帮助他们圆大学梦。"),
    ("建设职工书屋", "新建职工书屋{a}家，配送图书{b}册，惠及职工{c}余人。"),
    ("推进新就业形态劳动者入会", "集中入会日当天，{a}名网约车司机、外卖送餐员加入工会，新建爱心驿站{b}个。"),
    ("开展送温暖慰问", "走访慰问困难职工{a}户，发放慰问金和物资共计{b}万元。"),
    ("召开集体协商推进会", "全年签订工资集体合同{a}份，覆盖职工{b}万人。"),
]
REPORTERS = "王明 李华 张强 刘丽 陈军 杨帆 赵敏 周涛".split()


@dataclass(frozen=True)
class Spec:
    """What one generated article is about: its place (any level, or none) and year."""

    province: str | None
    city: str | None = None
    district: str | None = None
    year: int | None = 2023


def _short(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "区", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


TAGLINES = ("", "见实效", "暖人心", "出新招", "再升级", "惠职工")


def article_text(spec: Spec, rng: random.Random, used: set[str]) -> str:
    """One article: headline (not among `used`: a page never repeats a headline),
    byline-bearing lead, body with figures. An article without a year names nothing
    that dates it (新就业形态 would date it to 2020 or later)."""
    choices = [a for a in ACTIVITIES if spec.year or "新就业形态" not in a[0]]
    while True:
        activity, body = rng.choice(choices)
        tagline = rng.choice(TAGLINES)
        place = spec.district or spec.city or spec.province
        title = (f"{_short(place)}总工会" if place else "企业工会") + activity + (f" {tagline}" if tagline else "")
        if title not in used:
            used.add(title)
            break
    figures = body.format(a=rng.randint(2, 900), b=rng.randint(10, 9000), c=rng.randint(2, 300))
    if place is None:
        actor = "一家企业的工会"
    else:
        chain = [p for p in (spec.province, spec.city, spec.district) if p]
        actor = "".join(dict.fromkeys(chain)) + "总工会"
    when = f"{spec.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日，" if spec.year else "近日，"
    lead = f"本报讯（记者 {rng.choice(REPORTERS)}）{when}{actor}{activity}。"
    closing = "活动受到职工群众欢迎，工会将持续做好服务职工工作。"
    return "\n".join([title, lead + figures, closing])


def write_corpus(directory: Path, specs: list[Spec], *, seed: int = 7, per_file: int = 6) -> Path:
    """A data directory whose uploads hold `specs` as page files; the seeds are hidden."""
    rng = random.Random(seed)
    uploads = directory / "uploads"
    for n in range(0, len(specs), per_file):
        used: set[str] = set()
        page = "\n\n".join(article_text(s, rng, used) for s in specs[n:n + per_file]) + "\n"
        target = uploads / f"{n:05d}" / f"第{n // per_file + 1:03d}版.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    (directory / "settings.json").write_text(json.dumps({"hide_seeds": True}), encoding="utf-8")
    return directory


def _whole(province: str, year: int | None) -> Spec:
    """An article about a whole province (a municipality is its own city: CONTRACTS.md)."""
    return Spec(province, province if province in MUNICIPALITIES else None, None, year)


def _places():
    gazetteer = load_gazetteer()
    provinces = sorted((p for p in gazetteer.places if p.level == "province"), key=lambda p: p.adcode)
    districts = [p for p in gazetteer.places if p.level == "district" and p.name.endswith("区")]
    return provinces, districts


def shape_specs(shape: str) -> list[Spec]:
    """The articles of a named corpus shape."""
    provinces, districts = _places()
    years = [2019, 2020, 2021, 2022, 2023]
    if shape.startswith("one_region_"):
        n = int(shape.rsplit("_", 1)[1])
        return [Spec("浙江省", "杭州市", "西湖区", years[i % len(years)]) for i in range(n)]
    if shape == "single_year":
        return [_whole(p.name, 2021) for p in provinces[:8]]
    if shape == "no_year":
        return [_whole(p.name, None) for p in provinces[:6]]
    if shape == "many_provinces":
        return [_whole(p.name, years[i % len(years)]) for i, p in enumerate(provinces)]
    if shape == "one_province_many_districts":
        inside = sorted((d for d in districts if d.province == "江苏省"), key=lambda d: d.adcode)[:18]
        return [Spec(d.province, d.city, d.name, years[i % len(years)]) for i, d in enumerate(inside)]
    if shape == "municipalities_only":
        chosen = [d for d in districts if d.province in MUNICIPALITIES]
        chosen = sorted(chosen, key=lambda d: d.adcode)[::6][:12]
        return [Spec(d.province, d.province, d.name, years[i % len(years)]) for i, d in enumerate(chosen)]
    if shape == "unknown_places":
        return [Spec(None, year=years[i % 2]) for i in range(5)]
    raise ValueError(shape)


SHAPES = (
    "one_region_1", "one_region_2", "one_region_3", "one_region_6", "one_region_12", "one_region_500",
    "single_year", "no_year", "many_provinces", "one_province_many_districts", "municipalities_only",
    "unknown_places",
)
