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


from .context import leave_one_out
from .matcher import PhraseMatcher
from .gazetteer import MUNICIPALITIES, NATIONAL, Place, load_gazetteer, load_towns

# National bodies: an article about them is filed under 全国.
NATIONAL_BODIES = ("中华全国总工会", "全国总工会", "全总")
_UNION_AFTER = re.compile(r"^(?:总工会|工会|市总|区总|县总|省总|总)")
WEIGHTS = {"title": 4.0, "subtitle": 2.0, "byline": 3.0, "lead": 2.0, "body": 1.0, "kicker": 1.0}
LEAD_CHARS = 200
CITY_SHARE = 0.45
DISTRICT_SHARE = 0.3


@dataclass(frozen=True)
class Mention:
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
    scores: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
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
    phrases = []
    for word, entries in index.items():
        # A municipality is both a province and its own city (same adcode): keep one entry.
        unique = {p.adcode if p else "national": (p, form) for p, form in entries}
        phrases.append((word, tuple(unique.values())))
    return PhraseMatcher(phrases)


TOWN_WEIGHT = 0.5


@functools.lru_cache(maxsize=1)
def _town_matcher() -> PhraseMatcher:
    return PhraseMatcher((name, town.county_adcode) for name, town in load_towns().items())


def find_town_mentions(text: str) -> list[tuple[str, int, Place]]:
    """(surface, start, county) for each nationally unique township name in `text`."""
    by_adcode = load_gazetteer().by_adcode
    return [(name, start, by_adcode[code]) for name, start, _, code in _town_matcher().find(text)]


def find_mentions(text: str) -> list[Mention]:
    """Place names in `text`, leftmost-longest, non-overlapping."""
    return list(_mentions(text))


@functools.lru_cache(maxsize=1024)  # article parts are read twice: page support, then the article
def _mentions(text: str) -> tuple[Mention, ...]:
    mentions: list[Mention] = []
    for word, start, stop, entries in _matcher().find(text):
        forms = {form for _, form in entries}
        form = "national" if "national" in forms else ("full" if "full" in forms else "short")
        places = tuple(p for p, f in entries if p is not None and f == form)
        if form != "national" and not places:
            continue
        mentions.append(
            Mention(word, start, places, form, bool(_UNION_AFTER.match(text[stop:stop + 3])))
        )
    return tuple(mentions)


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

    data = yaml.safe_load((resources.files("analysis") / "resources" / "region_names.yaml").read_text("utf-8"))
    by_name = load_gazetteer().by_name
    epithets, abbreviations = [], {}
    for province, names in data.items():
        code = next(p.adcode for p in by_name[province] if p.level == "province")
        epithets += [(name, code) for name in names.get("epithets", [])]
        abbreviations.update({name: code for name in names.get("abbr", [])})
    return sorted(epithets, key=lambda e: -len(e[0])), abbreviations


def home_province(source: str | None) -> str | None:
    """The province (adcode) a publication is named after: 江西工人报 → 360000, 八闽工人报 →
    350000, 申工客户端 → 310000; None for national or unnamed outlets (工人日报, 中工网)."""
    if not source:
        return None
    mentions = find_mentions(source)
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


def infer_region(
    parts: dict[str, str], *, page_support: dict[str, float] | None = None, home: str | None = None
) -> Region:
    """Region of one article from its parts (title, subtitle, byline, kicker, body).

    `page_support` maps province → support from the other articles of the same page and
    breaks ties (e.g. a bare 普陀区 on a page about 舟山); `home` is the province the
    publication is named after (home_province), the last tie-breaker.
    """
    gazetteer = load_gazetteer()
    weighted: list[tuple[Mention, float, str]] = []
    for part, text in parts.items():
        if not text:
            continue
        for mention in find_mentions(text):
            where = "lead" if part == "body" and mention.start < LEAD_CHARS else part
            weight = WEIGHTS.get(where, 1.0)
            if mention.union:
                weight *= 2
            weighted.append((mention, weight, where))
    support: dict[str, float] = defaultdict(float)  # adcode → support (incl. descendants)
    national = 0.0
    named_adcodes = set()
    towns: list[tuple[str, Place, float, str]] = []
    for part, text in parts.items():
        for surface, start, county in find_town_mentions(text or ""):
            where = "lead" if part == "body" and start < LEAD_CHARS else part
            towns.append((surface, county, WEIGHTS.get(where, 1.0) * TOWN_WEIGHT, where))
            named_adcodes.update({county.adcode, county.adcode[:4] + "00", county.adcode[:2] + "0000"})
    for mention, weight, _ in weighted:
        if mention.form != "short" or mention.candidates[0].level != "district":
            if len(mention.candidates) == 1:
                named_adcodes.add(mention.candidates[0].adcode)
                named_adcodes.add(mention.candidates[0].adcode[:4] + "00")
                named_adcodes.add(mention.candidates[0].adcode[:2] + "0000")
    resolved: list[tuple[Mention, Place, float, str]] = []
    pending: list[tuple[Mention, float, str]] = []
    for mention, weight, part in weighted:
        if mention.form == "national":
            national += weight
            continue
        candidates = mention.candidates
        if mention.form == "short" and candidates[0].level == "district":
            # Short district names are ordinary words too often: keep only those whose
            # city or province is named elsewhere in the article.
            candidates = tuple(
                c for c in candidates
                if c.adcode[:4] + "00" in named_adcodes or c.adcode[:2] + "0000" in named_adcodes
            )
            if not candidates:
                continue
        if len(candidates) == 1:
            resolved.append((mention, candidates[0], weight, part))
        else:
            pending.append((Mention(mention.surface, mention.start, candidates, mention.form, mention.union), weight, part))
    for mention, place, weight, _ in resolved:
        _add_support(support, place, weight)
    for surface, county, weight, _ in towns:
        _add_support(support, county, weight)
    notes: list[str] = [f"{surface}（{county.label}）" for surface, county, _, _ in towns[:3]]
    for mention, weight, part in pending:
        place, how = _disambiguate(mention.candidates, support, page_support or {}, home)
        if place is None:
            continue
        resolved.append((mention, place, weight, part))
        _add_support(support, place, weight)
        notes.append(f"{mention.surface}→{place.label}（{how}）")

    region = Region()
    province_scores = {
        code: score for code, score in support.items() if code.endswith("0000")
    }
    best_province = max(province_scores.items(), key=lambda kv: kv[1], default=(None, 0.0))
    region.scores = {
        gazetteer.by_adcode[c].name if c in gazetteer.by_adcode else c: round(s, 1)
        for c, s in sorted(province_scores.items(), key=lambda kv: -kv[1])[:5]
    }
    if national and national > best_province[1]:
        region.province = NATIONAL
        region.evidence = _evidence(resolved, national_surfaces(weighted), notes, NATIONAL)
        return region
    if best_province[0] is None:
        if page_support:
            code = max(page_support, key=page_support.get)
            place = gazetteer.by_adcode.get(code)
            if place:
                region.province = place.name
                if place.name in MUNICIPALITIES:
                    region.city = place.name
                region.adcode, region.lon, region.lat = place.adcode, place.lon, place.lat
                region.evidence = "正文未提到地名，按同版其他文章推断"
        return region
    province = gazetteer.by_adcode[best_province[0]]
    region.province = province.name
    chosen = province
    if province.name in MUNICIPALITIES:
        region.city = province.name
        city_code, city_score = best_province[0][:2] + "0000", best_province[1]
    else:
        city_code, city_score = _best_child(support, best_province[0], level="city")
        in_title = _named_in(resolved, city_code, ("title", "subtitle", "byline"))
        if city_code and (city_score >= CITY_SHARE * best_province[1] or in_title):
            city = gazetteer.by_adcode.get(city_code)
            if city is not None:
                region.city = city.name
                chosen = city
        else:
            city_code = None
    if city_code:
        district_code, district_score = _best_child(support, city_code, level="district")
        in_title = _named_in(resolved, district_code, ("title", "subtitle", "byline"))
        # The only district an article names, named in its lead, is where it happens,
        # unless the city's own union is the actor (a city-wide report that cites one
        # district as an example).
        city_union_acts = any(
            mention.union and place.adcode == city_code and place.level != "district"
            for mention, place, _, _ in resolved
        )
        sole_in_lead = (
            not city_union_acts
            and _named_in(resolved, district_code, ("lead",))
            and len(_children_with_support(support, city_code, level="district")) == 1
        )
        if district_code and (district_score >= DISTRICT_SHARE * city_score or in_title or sole_in_lead):
            district = gazetteer.by_adcode.get(district_code)
            if district is not None and district.level == "district":
                region.district = district.name
                chosen = district
    region.adcode, region.lon, region.lat = chosen.adcode, chosen.lon, chosen.lat
    region.evidence = _evidence(resolved, [], notes, None, chosen=chosen)
    return region


def national_surfaces(weighted) -> list[str]:
    return [m.surface for m, _, _ in weighted if m.form == "national"]


def _add_support(support: dict[str, float], place: Place, weight: float) -> None:
    codes = {place.adcode, place.adcode[:2] + "0000"}
    if place.level == "district":
        codes.add(place.adcode[:4] + "00")
    for code in codes:
        support[code] += weight


def _children_with_support(support: dict[str, float], parent: str, *, level: str) -> dict[str, float]:
    levels = load_gazetteer().levels_by_adcode
    prefix = parent[:2] if parent.endswith("0000") else parent[:4]
    return {
        code: score for code, score in support.items()
        if code != parent and code.startswith(prefix) and level in levels.get(code, ())
    }


def _best_child(support: dict[str, float], parent: str, *, level: str) -> tuple[str | None, float]:
    """The child (city of a province, district of a city) with the most support."""
    children = _children_with_support(support, parent, level=level)
    if not children:
        return None, 0.0
    code = max(children, key=children.get)
    return code, children[code]


def _named_in(resolved, code: str | None, parts: tuple[str, ...]) -> bool:
    if not code:
        return False
    return any(place.adcode == code and part in parts for _, place, _, part in resolved)


def _disambiguate(
    candidates: tuple[Place, ...], support: dict[str, float], page_support: dict[str, float],
    home: str | None = None,
) -> tuple[Place | None, str]:
    """Pick the candidate whose parents the article, then the page, then the publication's
    home province supports."""

    def article_score(place: Place) -> float:
        return support.get(place.adcode[:4] + "00", 0.0) + support.get(place.adcode[:2] + "0000", 0.0)

    scores = [(article_score(p), p) for p in candidates]
    scores.sort(key=lambda sp: -sp[0])
    if scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1], "据文中其他地名"
    page = [(page_support.get(p.adcode[:2] + "0000", 0.0), p) for p in candidates]
    page.sort(key=lambda sp: -sp[0])
    if page[0][0] > 0 and page[0][0] > page[1][0]:
        return page[0][1], "据同版其他文章"
    at_home = [p for p in candidates if home and p.adcode[:2] == home[:2]]
    if len(at_home) == 1:
        return at_home[0], "据刊发媒体所在省份"
    return None, ""


def _evidence(resolved, national: list[str], notes: list[str], special: str | None,
              chosen: Place | None = None) -> str:
    """Short human-readable evidence: the strongest mentions and any disambiguation."""
    if special == NATIONAL:
        counts = defaultdict(int)
        for surface in national:
            counts[surface] += 1
        return "全国性机构：" + "、".join(f"{s}×{n}" for s, n in counts.items())
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    relevant = []
    for mention, place, weight, part in resolved:
        if chosen is not None and place.adcode[:2] != chosen.adcode[:2]:
            continue
        totals[mention.surface] += weight
        counts[mention.surface] += 1
        relevant.append(part)
    top = sorted(totals, key=lambda s: -totals[s])[:4]
    text = "、".join(f"{s}×{counts[s]}" for s in top)
    if "title" in relevant:
        text = "标题提及；" + text
    if notes:
        text += "；" + "；".join(dict.fromkeys(notes))
    return text


def page_support_of(regions_parts: list[dict[str, str]]) -> list[dict[str, float]]:
    """For each article of a page, the province support of the *other* articles."""
    per_article = []
    for parts in regions_parts:
        support: dict[str, float] = defaultdict(float)
        for text in parts.values():
            for mention in find_mentions(text or ""):
                if mention.form == "national":
                    continue
                provinces = {p.adcode[:2] + "0000" for p in mention.candidates}
                if len(provinces) == 1 and (
                    mention.form == "full" or mention.candidates[0].level != "district"
                ):
                    support[provinces.pop()] += 1.0
        per_article.append(support)
    return leave_one_out(per_article)


def region_counts(articles, *, within: str | None = None):
    """Articles per region as a frame (`adcode`, `name`, `articles`), largest first.

    Per province; `within` a province (full or short name), per city, or per district for
    a municipality. Articles without a place at that level are not counted.
    """
    import pandas as pd

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
    return pd.DataFrame({
        "adcode": list(counts.index),
        "name": [gazetteer.by_adcode[c].name if c in gazetteer.by_adcode else c for c in counts.index],
        "articles": [int(n) for n in counts.values],
    })


def province_named(name: str) -> Place | None:
    """The province-level division called `name` (上海市 or 上海), or None."""
    gazetteer = load_gazetteer()
    return next((p for p in gazetteer.by_name.get(name, []) + gazetteer.by_short.get(name, [])
                 if p.level == "province"), None)


_OUTSIDE_GAZETTEER = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}


def region_names(adcodes) -> dict[str, str]:
    """adcode → official name (the gazetteer's, else the code itself)."""
    by_adcode = load_gazetteer().by_adcode
    return {code: by_adcode[code].name if code in by_adcode else _OUTSIDE_GAZETTEER.get(code, code)
            for code in adcodes}
