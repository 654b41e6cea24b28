"""China's administrative divisions (province / city / county) from cpca's bundled data.

cpca (MIT, offline) ships 3,511 divisions with adcodes and coordinates; this module is the
one place that touches it, so it can be swapped. It adds what region inference needs:
the parent chain of every division, official names for municipalities (上海市/上海市/虹口区,
never 市辖区), and the short forms people write (上海, 舟山, 普陀, 广西, 延边), and `resolve`, the one function that
turns a name someone typed into the official one.
"""
from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
NATIONAL = "全国"
_LEVELS = ("province", "city", "district")
# Statistical placeholders in the code table, not real places.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Suffixes dropped to form a short name, longest first. Ethnic-autonomy names shorten to
# their leading place name (广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边).
_AUTONOMY_SUFFIX = re.compile(r"(?:自治区|自治州|自治县|自治旗)$")
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区",
             "省", "市", "盟", "区", "县", "旗")


@functools.lru_cache(maxsize=1)
def _ETHNIC_TAIL() -> re.Pattern:
    """Regex for a run of ethnic-group names at the end of a name (苗族, 蒙古, 布依族苗族)."""
    from importlib import resources

    text = (resources.files("analysis") / "resources" / "ethnic_groups.txt").read_text("utf-8")
    names = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    multi = sorted((n for n in names if len(n) > 1), key=len, reverse=True)
    single = [n for n in names if len(n) == 1]
    alternatives = [f"{n}族?" for n in multi] + [f"{n}族" for n in single]
    return re.compile(f"(?:{'|'.join(alternatives)})+$")


class PlaceNameError(ValueError):
    """A place name that does not resolve; the message is in Chinese."""


class AmbiguousPlaceError(PlaceNameError):
    """A short name that matches several places; `candidates` lists them."""

    def __init__(self, name: str, candidates: list["Place"]):
        self.candidates = candidates
        listed = "、".join(c.label for c in candidates)
        super().__init__(f"地名“{name}”有歧义，可能是：{listed}。请写全称或同时指定上级地区。")


@dataclass(frozen=True)
class Place:
    """One administrative division with its parents (official full names)."""

    adcode: str
    name: str
    level: str  # province | city | district
    province: str
    city: str | None
    district: str | None
    lon: float | None
    lat: float | None

    @property
    def label(self) -> str:
        """`普陀区（浙江省舟山市）` — a name with its parents, for messages and pickers."""
        parents = [p for p in (self.province, self.city) if p and p != self.name]
        if self.level == "district" and self.city == self.province:
            parents = [self.province]
        return f"{self.name}（{''.join(dict.fromkeys(parents))}）" if parents else self.name


def short_forms(name: str) -> set[str]:
    """Short names people use for an official name (广西壮族自治区 → 广西; 普陀区 → 普陀)."""
    forms = set()
    if _AUTONOMY_SUFFIX.search(name):
        base = _ETHNIC_TAIL().sub("", _AUTONOMY_SUFFIX.sub("", name))
        if len(base) >= 2:
            forms.add(base)
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.add(name[: -len(suffix)])
            break
    forms.discard(name)
    return forms


class Gazetteer:
    """All divisions, indexed by adcode, full name and short name."""

    def __init__(self, places: list[Place]):
        self.places = places
        self.by_adcode = {p.adcode: p for p in places}
        # A municipality is a province and a city under one adcode.
        self.levels_by_adcode: dict[str, set[str]] = {}
        for place in places:
            self.levels_by_adcode.setdefault(place.adcode, set()).add(place.level)
        self.by_name: dict[str, list[Place]] = {}
        self.by_short: dict[str, list[Place]] = {}
        for place in places:
            self.by_name.setdefault(place.name, []).append(place)
            for form in short_forms(place.name):
                self.by_short.setdefault(form, []).append(place)

    def children(self, place: Place) -> list[Place]:
        """Direct children of a province or city."""
        if place.level == "province":
            return [p for p in self.places if p.level == "city" and p.province == place.name]
        if place.level == "city":
            return [
                p for p in self.places
                if p.level == "district" and p.city == place.name and p.province == place.province
            ]
        return []

    def lookup(self, name: str, level: str | None = None) -> list[Place]:
        """Places whose full or short name is `name`, optionally at one level."""
        name = name.strip()
        found = list(self.by_name.get(name, [])) or list(self.by_short.get(name, []))
        if level:
            found = [p for p in found if p.level == level]
        return found


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from cpca's bundled data (loaded once)."""
    raw = {info.adcode: info for info in _cpca_divisions()}
    places: list[Place] = []
    for code, info in raw.items():
        level = _LEVELS[info.rank]
        if info.name in _PLACEHOLDERS:
            continue
        province_info = raw.get(code[:2] + "0000")
        province = province_info.name if province_info else info.name
        city: str | None = None
        district: str | None = None
        if level == "city":
            city = info.name
        elif level == "district":
            district = info.name
            parent = raw.get(code[:4] + "00")
            if province in MUNICIPALITIES:
                city = province
            elif parent is not None and parent.name not in _PLACEHOLDERS:
                city = parent.name
            else:
                # County-level city directly under the province (仙桃市, 济源市).
                city, district, level = info.name, None, "city"
        places.append(
            Place(
                adcode=code,
                name=info.name,
                level=level,
                province=province,
                city=city if level != "province" else None,
                district=district,
                lon=_float(info.longitude),
                lat=_float(info.latitude),
            )
        )
    # Municipalities are also their own city.
    for place in list(places):
        if place.level == "province" and place.name in MUNICIPALITIES:
            places.append(
                Place(place.adcode, place.name, "city", place.name, place.name, None, place.lon, place.lat)
            )
    return Gazetteer(places)


class _Division(NamedTuple):
    """One row of cpca's table, as cpca's AddrInfo reads it."""

    name: str
    adcode: str  # the first six digits: province, city, county
    longitude: str
    latitude: str
    rank: int  # 0 province, 1 city, 2 county


def _cpca_divisions() -> list[_Division]:
    """cpca's divisions as `cpca.ad_2_addr_dict.values()` gives them (same rows, same order,
    the last row of a repeated code winning), read from its CSV file without importing cpca,
    whose import also loads pkg_resources and builds its own address matcher (0.2 s)."""
    import csv
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a pinned dependency
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import cpca
        return [_Division(i.name, i.adcode, i.longitude, i.latitude, i.rank) for i in cpca.ad_2_addr_dict.values()]
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"
    by_code: dict[str, _Division] = {}
    with open(path, encoding="utf8") as text:  # cpca: TextIOWrapper(resource_stream(...), encoding='utf8')
        for record in csv.DictReader(text):
            adcode = record["adcode"][:6]
            rank = 0 if adcode.endswith("0000") else 1 if adcode.endswith("00") else 2
            by_code[record["adcode"]] = _Division(record["name"], adcode, record["longitude"], record["latitude"], rank)
    return list(by_code.values())


def resolve(level: str, name: str, *, within: Iterable[str] = ()) -> str:
    """The full official name of the place `name` at `level` (province, city or district).

    The one resolver for the place names people type (URL, CLI, corrections, the Python
    API): a full name is accepted as is (it is what articles store), a short one must point
    to one place (上海 → 上海市, also as a city; 舟山 → 舟山市), unless the places sharing it
    are told apart by their parents in `within` (a city given beside a district). 全国 is
    the province of national bodies. Raises PlaceNameError (Chinese message) for an unknown
    name or one outside `within`, AmbiguousPlaceError (listing `candidates`) for 普陀 or 鼓楼.
    """
    if level not in _LEVELS:
        raise PlaceNameError(f"不支持的地区层级：{level}")
    gazetteer = load_gazetteer()
    name = name.strip()
    within = [w for w in within if w]
    if level == "province" and name == NATIONAL:
        return NATIONAL
    if any(p.level == level for p in gazetteer.by_name.get(name, [])):
        return name
    candidates = [p for p in gazetteer.by_short.get(name, []) if p.level == level]
    if within and candidates:
        narrowed = [p for p in candidates if p.province in within or p.city in within]
        if not narrowed:
            raise PlaceNameError(f"“{name}”不在{'、'.join(within)}范围内")
        candidates = narrowed
    names = {p.name for p in candidates}
    if not candidates:
        raise PlaceNameError(f"不认识的地名：“{name}”")
    if len(names) > 1 or (len(candidates) > 1 and not within):
        if len(names) == 1 and level != "district":
            return names.pop()
        raise AmbiguousPlaceError(name, candidates)
    return names.pop()


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Town:
    """A township or sub-district (乡镇/街道), named uniquely nationwide, and its county."""

    name: str
    county_adcode: str


TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡")  # every township name ends with one


_COUNTY_OR_TOWN_LINE = re.compile(r"^\t\t(?:[^\t\n]+\t(?P<code>\d{6})|\t(?P<town>[^\t\n]+))", re.M)


@functools.lru_cache(maxsize=1)
def load_towns() -> dict[str, Town]:
    """Full township names (…镇/乡/街道) that point to one county only.

    cpca stops at county level; jionlp (Apache-2.0) ships the township level. Its data file
    is read directly, without importing jionlp (whose import prints a banner to stdout).
    Ambiguous names (there are hundreds of 城关镇) are left out, and so are short forms
    (沈家门 for 沈家门街道): too many are ordinary words (科技园, 体育场, 共青团).
    """
    import importlib.util
    import zipfile
    from pathlib import Path

    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return {}
    archive = Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "china_location.zip"
    if not archive.exists():
        return {}
    counties: dict[str, set[str]] = {}
    county_code = ""
    with zipfile.ZipFile(archive) as zipped, zipped.open("china_location.txt") as raw:
        text = raw.read().decode("utf-8")
    # One tab per level: province, city, county (name, adcode), township, village.
    for match in _COUNTY_OR_TOWN_LINE.finditer(text):
        if match.group("code"):
            county_code = match.group("code")
        elif county_code:
            name = match.group("town").strip()
            if name.endswith(TOWN_SUFFIXES):
                counties.setdefault(name, set()).add(county_code)
    gazetteer = load_gazetteer()
    towns = {}
    for name, codes in counties.items():
        if len(codes) != 1 or len(name) < 3 or name in gazetteer.by_name or name in gazetteer.by_short:
            continue
        code = codes.pop()
        if code in gazetteer.by_adcode:
            towns[name] = Town(name, code)
    return towns
