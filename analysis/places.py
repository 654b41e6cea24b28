"""Infer the region an article reports on (province / city / district), with the evidence.

1. `find_mentions` finds every place name in a text with an Aho-Corasick automaton built
   from the gazetteer's full and short names (leftmost-longest, so 普陀区总工会 is 普陀区).
2. Each mention is weighted by where it stands (headline > byline > lead > body) and
   whether it names the acting union (普陀区总工会 counts double).
3. Ambiguous names (普陀区: 上海 or 舟山; 鼓楼区: four cities) go to the candidate whose
   parents the rest of the article supports, then to the one the page supports.
4. Support flows up (district → city → province); the province with most support wins,
   then a city only if it carries a good share of that support, then a district likewise,
   so an article about a whole province is not pinned to the one city it mentions.
Short district names (普陀, 虹口) count only when their city or province is also named,
since many are ordinary words (和平, 城关, 新华).
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple


from .context import leave_one_out
from .matcher import PhraseMatcher
from .gazetteer import (MUNICIPALITIES, NATIONAL, TOWN_SUFFIXES, Place, PlaceNameError, load_gazetteer,
                        load_towns, resolve)

# National bodies: an article about them is filed under 全国.
NATIONAL_BODIES = ("中华全国总工会", "全国总工会", "全总")
# What may follow a place name: a competition or an award it names, not where it happened
# (安康杯, a national workplace-safety contest; 泰山杯, 黄河奖), or the union it names.
_AFTER_NAME = re.compile(r"(?P<prize>[”\"]?(?:杯|奖))|(?P<union>总工会|工会|市总|区总|县总|省总|总)")
WEIGHTS = {"title": 4.0, "subtitle": 2.0, "byline": 3.0, "lead": 2.0, "body": 1.0, "kicker": 1.0}
LEAD_CHARS = 200
CITY_SHARE = 0.45
DISTRICT_SHARE = 0.3


class Mention(NamedTuple):
    """One place name found in a text."""

    surface: str
    start: int
    candidates: tuple[Place, ...]  # empty for a national body
    form: str  # full | short | national
    union: bool  # followed by 总工会/工会: names the acting union


@dataclass
class Region:
    """The inferred region of one article."""

    province: str | None = None
    city: str | None = None
    district: str | None = None
    adcode: str | None = None
    lon: float | None = None
    lat: float | None = None
    evidence: str = ""


class _Name(NamedTuple):
    """What a name in the gazetteer means: its form, the places it may be, and the one
    province it names for page support (None: several, a short district name, a national body)."""

    form: str
    places: tuple[Place, ...]
    province: str | None


@functools.lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher[_Name]:
    return PhraseMatcher(_names().items())


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, _Name]:
    """Every full and short place name and national body, and what it means."""
    gazetteer = load_gazetteer()
    index: dict[str, list[tuple[Place | None, str]]] = defaultdict(list)
    for place in gazetteer.places:
        index[place.name].append((place, "full"))
    for short, places in gazetteer.by_short.items():
        for place in places:
            if short not in gazetteer.by_name:
                index[short].append((place, "short"))
    for body in NATIONAL_BODIES:
        index[body].append((None, "national"))
    names = {}
    for word, entries in index.items():
        # A municipality is both a province and its own city (same adcode): keep one entry.
        unique = {p.adcode if p else "national": (p, form) for p, form in entries}.values()
        forms = {form for _, form in unique}
        form = "national" if "national" in forms else ("full" if "full" in forms else "short")
        places = tuple(p for p, f in unique if p is not None and f == form)
        provinces = {p.adcode[:2] + "0000" for p in places}
        one = len(provinces) == 1 and (form == "full" or places[0].level != "district")
        names[word] = _Name(form, places, provinces.pop() if one else None)
    return names


TOWN_WEIGHT = 0.5


@functools.lru_cache(maxsize=1)
def _town_matcher() -> PhraseMatcher:
    return PhraseMatcher((name, town.county_adcode) for name, town in load_towns().items())


def find_town_mentions(text: str) -> list[tuple[str, int, Place]]:
    """(surface, start, county) for each nationally unique township name in `text`."""
    if not any(suffix in text for suffix in TOWN_SUFFIXES):  # most texts name no township
        return []
    by_adcode = load_gazetteer().by_adcode
    return [(name, start, by_adcode[code]) for name, start, _, code in _town_matcher().find(text)]


def find_mentions(text: str) -> list[Mention]:
    """Place names in `text`, leftmost-longest, non-overlapping."""
    return list(_mentions(text))


@functools.lru_cache(maxsize=1024)  # article parts are read twice: page support, then the article
def _mentions(text: str) -> tuple[Mention, ...]:
    mentions: list[Mention] = []
    after_name = _AFTER_NAME.match
    for word, start, stop, (form, places, _) in _matcher().find(text):
        after = after_name(text, stop)
        follows = after.lastgroup if after else None
        if follows == "prize" or (form != "national" and not places):
            continue
        mentions.append(_new_tuple(Mention, (word, start, places, form, follows == "union")))
    return tuple(mentions)


_new_tuple = tuple.__new__  # a NamedTuple from its fields in order, without its Python-level __new__


def place_codes(text: str) -> set[str]:
    """Province (2-digit), city (4-digit) and district (6-digit) codes that `text` may be about.

    Every candidate of an ambiguous name counts (普陀区 → 31, 33, 3309, 310107, 330903): a
    cheap and deliberately generous signal for article boundaries. Short district names are
    left out, as they are too often ordinary words.
    """
    found = set()
    for mention in find_mentions(text):
        if mention.form == "national":
            continue
        if mention.form == "short" and mention.candidates[0].level == "district":
            continue
        for place in mention.candidates:
            found.add(place.adcode[:2])
            if place.level != "province" and place.province not in MUNICIPALITIES:
                found.add(place.adcode[:4])
            if place.level == "district":
                found.add(place.adcode)
    return found


@functools.lru_cache(maxsize=1)
def _home_names() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(epithet, province adcode) longest first, and abbreviation → province adcode."""
    from importlib import resources

    import yaml

    text = (resources.files("analysis") / "resources" / "region_names.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 8× faster
    by_name = load_gazetteer().by_name
    epithets, abbreviations = [], {}
    for province, names in data.items():
        code = next(p.adcode for p in by_name[province] if p.level == "province")
        epithets += [(name, code) for name in names.get("epithets", [])]
        abbreviations.update({name: code for name in names.get("abbr", [])})
    return sorted(epithets, key=lambda e: -len(e[0])), abbreviations


@functools.lru_cache(maxsize=256)  # every article of a page has the same source
def home_province(source: str | None) -> str | None:
    """The province (adcode) a publication is named after: 江西工人报 → 360000, 八闽工人报 →
    350000, 申工客户端 → 310000; None for national or unnamed outlets (工人日报, 中工网)."""
    if not source:
        return None
    mentions = _mentions(source)
    if mentions and mentions[0].start == 0 and mentions[0].candidates:
        provinces = {p.adcode[:2] + "0000" for p in mentions[0].candidates}
        if len(provinces) == 1:
            return provinces.pop()
    epithets, abbreviations = _home_names()
    for name, code in epithets:
        if source.startswith(name):
            return code
    if len(source) >= 2 and source[1] == "工" and source[0] in abbreviations:
        return abbreviations[source[0]]
    return None


class Adcode(str):
    """A six-digit administrative code read as its levels: 330903 is 普陀区, in the city
    3309xx (舟山市), in the province 33xxxx (浙江省)."""

    __slots__ = ()

    @property
    def province(self) -> "Adcode":
        return Adcode(self[:2] + "0000")

    @property
    def city(self) -> "Adcode":
        return Adcode(self[:4] + "00")

    @property
    def is_province(self) -> bool:
        return self.endswith("0000")

    def under(self, parent: "Adcode") -> bool:
        """Inside `parent` (a province or a city), and not `parent` itself."""
        prefix = parent[:2] if parent.is_province else parent[:4]
        return self != parent and self.startswith(prefix)


@functools.lru_cache(maxsize=None)  # one entry per adcode named: a few thousand at most
def _chain(adcode: str) -> tuple[Adcode, Adcode, Adcode]:
    """The adcode, its city and its province, as `Adcode`s."""
    code = Adcode(adcode)
    return code, code.city, code.province


@functools.lru_cache(maxsize=None)
def _support_codes(adcode: str, district: bool) -> tuple[Adcode, ...]:
    """The codes a place's support goes to: itself and its province, and its city for a district."""
    code, city, province = _chain(adcode)
    return tuple(dict.fromkeys((code, province, city) if district else (code, province)))


class Resolved(NamedTuple):
    """A mention settled on one place, with its weight and where it stood (title, lead …)."""

    mention: Mention
    place: Place
    weight: float
    part: str


@dataclass
class Support:
    """What an article says about places: support per adcode (a place and its parents),
    the mentions settled so far, national bodies, and notes for the evidence line."""

    by_code: dict[Adcode, float] = field(default_factory=lambda: defaultdict(float))
    resolved: list[Resolved] = field(default_factory=list)
    national: float = 0.0
    national_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, place: Place, weight: float) -> None:
        by_code = self.by_code
        for code in _support_codes(place.adcode, place.level == "district"):
            by_code[code] += weight

    def children(self, parent: Adcode, *, level: str) -> dict[Adcode, float]:
        levels = load_gazetteer().levels_by_adcode
        prefix = parent[:2] if parent.is_province else parent[:4]  # as in `Adcode.under`
        return {code: score for code, score in self.by_code.items()
                if code != parent and code.startswith(prefix) and level in levels.get(code, ())}

    def best_child(self, parent: Adcode, *, level: str) -> tuple[Adcode | None, float]:
        """The child (city of a province, district of a city) with the most support."""
        children = self.children(parent, level=level)
        if not children:
            return None, 0.0
        code = max(children, key=children.get)
        return code, children[code]

    def named_in(self, code: Adcode | None, parts: tuple[str, ...]) -> bool:
        return code is not None and any(r.place.adcode == code and r.part in parts for r in self.resolved)


def infer_region(
    parts: dict[str, str], *, page_support: dict[str, float] | None = None, home: str | None = None
) -> Region:
    """Region of one article from its parts (title, subtitle, byline, kicker, body).

    Three steps: collect the support the article's place names give, settle the ambiguous
    ones (by the article, then `page_support` — province → support from the other articles
    of the same page, e.g. a bare 普陀区 on a page about 舟山 — then `home`, the province the
    publication is named after), and choose how deep to go (province, city, district).
    """
    support, ambiguous = collect_support(parts)
    settle_ambiguous(support, ambiguous, page_support or {}, home)
    return choose_region(support, page_support)


def collect_support(parts: dict[str, str]) -> tuple[Support, list[tuple[Mention, float, str]]]:
    """Support from every unambiguous place name (weighted by where it stands and whether it
    names the acting union) and township; the ambiguous mentions, left to settle."""
    support = Support()
    # In text order: a mention settled on its one place (Resolved), or one left to the
    # rest of the article (a short district name, an ambiguous one) as (mention, weight, part).
    weighted: list[Resolved | tuple[Mention, float, str]] = []
    named: set[str] = set()  # places (and their parents) the article names unambiguously
    for part, text in parts.items():
        if not text:
            continue  # no place names, no townships
        body = part == "body"
        for mention in _mentions(text):
            where = "lead" if body and mention.start < LEAD_CHARS else part
            weight = WEIGHTS.get(where, 1.0) * (2 if mention.union else 1)
            candidates = mention.candidates
            form = mention.form
            if form == "national":
                support.national += weight
                support.national_names.append(mention.surface)
            elif len(candidates) == 1 and not (form == "short" and candidates[0].level == "district"):
                weighted.append(_new_tuple(Resolved, (mention, candidates[0], weight, where)))
                named.update(_chain(candidates[0].adcode))
            else:
                weighted.append((mention, weight, where))
    towns = []
    for part, text in parts.items():
        if not text:
            continue
        for surface, start, county in find_town_mentions(text):
            where = "lead" if part == "body" and start < LEAD_CHARS else part
            towns.append((surface, county, WEIGHTS.get(where, 1.0) * TOWN_WEIGHT))
            named.update(_chain(county.adcode))
    ambiguous: list[tuple[Mention, float, str]] = []
    for entry in weighted:
        if type(entry) is Resolved:
            support.resolved.append(entry)
            continue
        mention, weight, part = entry
        candidates = mention.candidates
        if _short_district(mention):
            # Short district names are ordinary words too often: keep only those whose
            # city or province is named elsewhere in the article.
            candidates = tuple(c for c in candidates if not named.isdisjoint(_chain(c.adcode)[1:]))
            if not candidates:
                continue
        if len(candidates) == 1:
            support.resolved.append(Resolved(mention, candidates[0], weight, part))
        else:
            ambiguous.append((mention._replace(candidates=candidates), weight, part))
    for resolved in support.resolved:
        support.add(resolved.place, resolved.weight)
    for surface, county, weight in towns:
        support.add(county, weight)
    support.notes = [f"{surface}（{county.label}）" for surface, county, _ in towns[:3]]
    return support, ambiguous


def _short_district(mention: Mention) -> bool:
    return mention.form == "short" and mention.candidates[0].level == "district"


def settle_ambiguous(support: Support, ambiguous: list[tuple[Mention, float, str]],
                     page_support: dict[str, float], home: str | None) -> None:
    """Settle each ambiguous mention on the candidate the article, the page or the
    publication's home province supports; one that none supports is left out."""
    for mention, weight, part in ambiguous:
        place, how = _disambiguate(mention.candidates, support.by_code, page_support, home)
        if place is None:
            continue
        support.resolved.append(Resolved(mention, place, weight, part))
        support.add(place, weight)
        support.notes.append(f"{mention.surface}→{place.label}（{how}）")


def choose_region(support: Support, page_support: dict[str, float] | None) -> Region:
    """The province with most support; then a city only if it carries a good share of that
    support (or is named in the headline), then a district likewise."""
    gazetteer = load_gazetteer()
    region = Region()
    provinces = {code: score for code, score in support.by_code.items() if code.is_province}
    best, best_score = max(provinces.items(), key=lambda kv: kv[1], default=(None, 0.0))
    if support.national and support.national > best_score:
        region.province = NATIONAL
        region.evidence = _national_evidence(support.national_names)
        return region
    if best is None:
        return _from_page(page_support) if page_support else region
    province = gazetteer.by_adcode[best]
    region.province = province.name
    chosen = province
    city_code: Adcode | None
    if province.name in MUNICIPALITIES:
        region.city = province.name
        city_code, city_score = best, best_score
    else:
        city_code, city_score = support.best_child(best, level="city")
        headline = support.named_in(city_code, ("title", "subtitle", "byline"))
        if city_code and (city_score >= CITY_SHARE * best_score or headline):
            city = gazetteer.by_adcode.get(city_code)
            if city is not None:
                region.city = city.name
                chosen = city
        else:
            city_code = None
    if city_code:
        district = _chosen_district(support, city_code, city_score)
        if district is not None:
            region.district = district.name
            chosen = district
    region.adcode, region.lon, region.lat = chosen.adcode, chosen.lon, chosen.lat
    region.evidence = _evidence(support, chosen)
    return region


def _chosen_district(support: Support, city_code: Adcode, city_score: float) -> Place | None:
    """The district an article is about, if any: one with a good share of the city's support,
    named in the headline, or the only one named, in the lead, when the city's own union is
    not the actor (a city-wide report that cites one district as an example)."""
    code, score = support.best_child(city_code, level="district")
    if code is None:
        return None
    city_union_acts = any(r.mention.union and r.place.adcode == city_code and r.place.level != "district"
                          for r in support.resolved)
    sole_in_lead = (not city_union_acts and support.named_in(code, ("lead",))
                    and len(support.children(city_code, level="district")) == 1)
    if score >= DISTRICT_SHARE * city_score or support.named_in(code, ("title", "subtitle", "byline")) or sole_in_lead:
        district = load_gazetteer().by_adcode.get(code)
        if district is not None and district.level == "district":
            return district
    return None


def _from_page(page_support: dict[str, float]) -> Region:
    """An article that names no place: the province the page's other articles are about."""
    region = Region()
    place = load_gazetteer().by_adcode.get(max(page_support, key=page_support.get))
    if place:
        region.province = place.name
        if place.name in MUNICIPALITIES:
            region.city = place.name
        region.adcode, region.lon, region.lat = place.adcode, place.lon, place.lat
        region.evidence = "正文未提到地名，按同版其他文章推断"
    return region


def _disambiguate(
    candidates: tuple[Place, ...], support: dict[Adcode, float], page_support: dict[str, float],
    home: str | None = None,
) -> tuple[Place | None, str]:
    """Pick the candidate whose parents the article, then the page, then the publication's
    home province supports."""

    def article_score(place: Place) -> float:
        code = Adcode(place.adcode)
        return support.get(code.city, 0.0) + support.get(code.province, 0.0)

    scores = sorted(((article_score(p), p) for p in candidates), key=lambda sp: -sp[0])
    if scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1], "据文中其他地名"
    page = sorted(((page_support.get(Adcode(p.adcode).province, 0.0), p) for p in candidates), key=lambda sp: -sp[0])
    if page[0][0] > 0 and page[0][0] > page[1][0]:
        return page[0][1], "据同版其他文章"
    at_home = [p for p in candidates if home and Adcode(p.adcode).province == Adcode(home).province]
    if len(at_home) == 1:
        return at_home[0], "据刊发媒体所在省份"
    return None, ""


def _national_evidence(names: list[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for name in names:
        counts[name] += 1
    return "全国性机构：" + "、".join(f"{s}×{n}" for s, n in counts.items())


def _evidence(support: Support, chosen: Place) -> str:
    """Short human-readable evidence: the strongest mentions and any disambiguation."""
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    relevant = []
    province = chosen.adcode[:2]
    for r in support.resolved:
        if r.place.adcode[:2] != province:
            continue
        totals[r.mention.surface] += r.weight
        counts[r.mention.surface] += 1
        relevant.append(r.part)
    top = sorted(totals, key=lambda s: -totals[s])[:4]
    text = "、".join(f"{s}×{counts[s]}" for s in top)
    if "title" in relevant:
        text = "标题提及；" + text
    if support.notes:
        text += "；" + "；".join(dict.fromkeys(support.notes))
    return text


def page_support_of(regions_parts: list[dict[str, str]]) -> list[dict[str, float]]:
    """For each article of a page, the province support of the *other* articles."""
    per_article = []
    names = _names()
    for parts in regions_parts:
        support: dict[str, float] = defaultdict(float)
        for text in parts.values():
            if not text:
                continue
            for mention in _mentions(text):
                province = names[mention.surface].province
                if province is not None:
                    support[province] += 1.0
        per_article.append(support)
    return leave_one_out(per_article)


def region_counts(articles, *, within: str | None = None):
    """Articles per region as a frame (`adcode`, `name`, `articles`), largest first.

    Per province; `within` a province (full or short name), per city, or per district for
    a municipality. Articles without a place at that level are not counted.
    """
    from .schema import typed_frame

    gazetteer = load_gazetteer()
    known = articles[articles["adcode"].notna()]
    adcodes = known["adcode"].astype(str)
    if within is None:
        codes = adcodes.str[:2] + "0000"
    else:
        province = province_named(within)
        if province is None:
            raise ValueError(f"未知的省份：{within}")
        inside = adcodes.str[:2] == province.adcode[:2]
        if province.name in MUNICIPALITIES:
            codes = adcodes[inside & known["district"].notna()]
        else:
            codes = adcodes[inside & known["city"].notna()].str[:4] + "00"
    counts = codes.value_counts()
    return typed_frame("region_counts", {
        "adcode": counts.index,
        "name": [gazetteer.by_adcode[c].name if c in gazetteer.by_adcode else c for c in counts.index],
        "articles": counts.to_numpy(),
    })


def province_named(name: str) -> Place | None:
    """The province-level division called `name` (上海市 or 上海), or None (unknown, 全国)."""
    try:
        full = resolve("province", name)
    except PlaceNameError:
        return None
    return next((p for p in load_gazetteer().by_name.get(full, []) if p.level == "province"), None)


_OUTSIDE_GAZETTEER = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}


def region_names(adcodes) -> dict[str, str]:
    """adcode → official name (the gazetteer's, else the code itself)."""
    by_adcode = load_gazetteer().by_adcode
    return {code: by_adcode[code].name if code in by_adcode else _OUTSIDE_GAZETTEER.get(code, code)
            for code in adcodes}
