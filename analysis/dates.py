"""Infer the year an article reports on, with the evidence, and its date when printed.

Evidence is collected as year ranges with weights: explicit dates (2017年9月28日), years
(2023年), periods that start a count (2015年以来), plans (到2025年, weak), events and
periods from `resources/year_anchors.yaml` (十九届四中全会 → 2019–2020, 喜迎工会十八大 →
2023), and weekday datelines (8月9日 星期三 fits only some years). Each year is scored
by the evidence that covers it, a wide range counting less per year; the best year wins.
The other articles of the same page add a little weight, since a page is printed on one
day, and date the articles that have no evidence of their own.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import yaml

from .context import leave_one_out

CURRENT_YEAR = dt.date.today().year
FIRST_YEAR = 1949

_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
# A year not preceded by a digit or a dot. The look-behind follows 19/20 (and looks back over
# them) so that the engine can skip ahead to a 1 or a 2; leading, it was tried at every character.
_YEAR = re.compile(r"((?:19|20)(?<![\d.]\d\d)\d{2})\s*(年度|年)")
_YEAR_RANGE = re.compile(r"((?:19|20)(?<![\d.]\d\d)\d{2})\s*(?:年)?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")
_SINCE_AFTER = re.compile(r"^\s*(?:底|初|中|末|上半年|下半年)?\s*(?:以来|起|开始|至今|来)")
_PLAN_AFTER = re.compile(r"^\s*(?:度)?\s*(?:工作计划|工作要点|计划|将|要|目标|任务)")
_PLAN_BEFORE = re.compile(r"(?:到|至|预计|计划|力争|争取|目标|展望)\s*$")
_WEEKDAY_DATE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[，,]?\s*(?:星期|周)([一二三四五六日天])")
_WEEKDAYS = "一二三四五六日"
_WEEKDAY_WORDS = ("星期", "周")  # one of them is in every weekday dateline


@dataclass(frozen=True)
class YearEvidence:
    """One piece of dating evidence: the years it allows and how much it counts."""

    label: str
    years: frozenset[int]
    weight: float


@dataclass
class YearGuess:
    """The inferred year of one article."""

    year: int | None = None
    evidence: str = ""
    date: str | None = None


class Anchor(NamedTuple):
    """An event or period that dates a report, and the literals one of which it needs."""

    pattern: re.Pattern
    low: int
    high: int
    weight: float
    label: str
    needs: tuple[str, ...] | None  # None: no literal is known to be needed


@functools.lru_cache(maxsize=1)
def _anchors() -> list[Anchor]:
    text = (resources.files("analysis") / "resources" / "year_anchors.yaml").read_text("utf-8")
    anchors = []
    for entry in yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 8× faster
        low, high = entry["years"]
        if entry.get("open"):
            high = CURRENT_YEAR
        pattern = re.compile(entry["pattern"])
        anchors.append(Anchor(pattern, low, min(high, CURRENT_YEAR + 1), float(entry["weight"]),
                              entry["label"], _needed_literals(pattern)))
    return anchors


def _needed_literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Literals one of which every match of `pattern` contains (十九大 for (?:党的)?十九大),
    or None when that cannot be told: a cheap `in` test then skips most patterns, where the
    regex engine would try each one at every character."""
    if pattern.flags & ~re.UNICODE:
        return None
    try:
        from re import _parser  # the stdlib's own regex parser (Python 3.11+)

        return _needed(list(_parser.parse(pattern.pattern)))
    except Exception:  # another Python's parser: no pre-check, same result
        return None


def _needed(items: list) -> tuple[str, ...] | None:
    """Literals one of which any match of the parsed sequence `items` contains, or None."""
    from re import _constants as sre

    found: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, value in items + [(None, None)]:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        if run:
            found.append(("".join(run),))
            run = []
        if op is sre.SUBPATTERN:
            inner = None if value[1] else _needed(list(value[-1]))  # (?i:…) changes what matches
        elif op is sre.BRANCH:
            branches = [_needed(list(branch)) for branch in value[1]]
            inner = None if None in branches else tuple(w for b in branches for w in b)
        else:
            inner = None
        if inner:
            found.append(inner)
    return max(found, key=lambda words: min(map(len, words)), default=None)


@functools.lru_cache(maxsize=1)
def _anchor_words() -> re.Pattern | None:
    """One pass that tells whether any anchor may occur (most texts name none), or None when
    some anchor needs no known literal."""
    needs = [anchor.needs for anchor in _anchors()]
    if None in needs:
        return None
    words = sorted({word for words in needs for word in words}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def find_year_evidence(text: str) -> list[YearEvidence]:
    """Every piece of dating evidence in a text."""
    return list(_year_evidence(text))


@functools.lru_cache(maxsize=512)  # a page's texts are read twice: page scores, then each article
def _year_evidence(text: str) -> tuple[YearEvidence, ...]:
    evidence: list[YearEvidence] = []
    used: list[tuple[int, int]] = []

    def overlaps(span: tuple[int, int]) -> bool:
        return any(span[0] < e and s < span[1] for s, e in used)

    for match in _YEAR_RANGE.finditer(text):
        low, high = int(match.group(1)), int(match.group(2))
        if FIRST_YEAR <= low <= high <= CURRENT_YEAR + 1:
            evidence.append(YearEvidence(match.group(0), frozenset(range(low, high + 1)), 1.0))
            used.append(match.span())
    for match in _FULL_DATE.finditer(text):
        if overlaps(match.span()):
            continue
        year = int(match.group(1))
        if FIRST_YEAR <= year <= CURRENT_YEAR + 1:
            weight = 3.0 if match.group(3) else 2.5
            evidence.append(YearEvidence(match.group(0), frozenset({year}), weight))
            used.append(match.span())
    for match in _YEAR.finditer(text):
        if overlaps(match.span()):
            continue
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= CURRENT_YEAR + 1:
            continue
        after = text[match.end():match.end() + 4]
        before = text[max(0, match.start() - 4):match.start()]
        if _SINCE_AFTER.match(after):
            # "2015年以来": the report is written some years later.
            years = frozenset(range(year + 1, min(year + 8, CURRENT_YEAR) + 1)) or frozenset({year})
            evidence.append(YearEvidence(match.group(0) + after[:3].strip(), years, 0.8))
        elif _PLAN_AFTER.match(after + text[match.end() + 4:match.end() + 6]):
            # "2024年工作计划", "2024年将…": written the year before, or early that year.
            evidence.append(YearEvidence(match.group(0) + "（计划）", frozenset({year - 1, year}), 0.6))
        elif _PLAN_BEFORE.search(before):
            evidence.append(YearEvidence(before[-2:] + match.group(0), frozenset(range(year - 5, year + 1)), 0.3))
        else:
            evidence.append(YearEvidence(match.group(0), frozenset({year}), 1.5))
        used.append(match.span())
    gate = _anchor_words()
    anchors = _anchors() if gate is None or gate.search(text) else []
    for pattern, low, high, weight, label, needs in anchors:
        if needs is not None and not any(word in text for word in needs):
            continue
        for match in pattern.finditer(text):
            if overlaps(match.span()):
                continue
            evidence.append(YearEvidence(label, frozenset(range(low, high + 1)), weight))
            used.append(match.span())
    datelines = _WEEKDAY_DATE.finditer(text) if any(w in text for w in _WEEKDAY_WORDS) else ()
    for match in datelines:
        month, day = int(match.group(1)), int(match.group(2))
        weekday = _WEEKDAYS.index(match.group(3).replace("天", "日"))
        years = frozenset(
            y for y in range(2000, CURRENT_YEAR + 1) if _weekday(y, month, day) == weekday
        )
        if years:
            evidence.append(YearEvidence(match.group(0), years, 2.0))
    return tuple(evidence)


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None


STRONG_WEIGHT = 1.0
STRONG_SPAN = 2  # years


def _dates_the_report(item: YearEvidence) -> bool:
    """Evidence that alone dates a report: a year or date, or an event of one or two years."""
    return item.weight >= STRONG_WEIGHT and len(item.years) <= STRONG_SPAN


def _pins_a_year(evidence: list[YearEvidence]) -> bool:
    """True when some piece dates the report alone, or the pieces together leave one or two
    years (a weekday dateline that fits 2017 and 2023, with 工会十八大 (2023—): 2023)."""
    if any(_dates_the_report(e) for e in evidence):
        return True
    together = frozenset.intersection(*(e.years for e in evidence))
    return 0 < len(together) <= STRONG_SPAN


def score_years(evidence: list[YearEvidence]) -> dict[int, float]:
    """Score of each year: the evidence covering it, wide ranges counting less per year."""
    scores: dict[int, float] = defaultdict(float)
    for item in evidence:
        share = item.weight / max(1.0, len(item.years)) ** 0.5
        for year in item.years:
            scores[year] += share
    return dict(scores)


def infer_year(
    text: str, *, page_scores: dict[int, float] | None = None, published: str | None = None,
    published_by: str = "",
) -> YearGuess:
    """Year of one article; `page_scores` are the year scores of the page's other articles.

    `published` is the ISO date the article's own publication line or its page's masthead
    prints (`published_by` names that line): it decides the year outright, since years in
    the body ("自2016年以来", "到2025年") say what the report is about, not when it ran."""
    if published:
        return YearGuess(year=int(published[:4]), evidence=published_by or f"发布日期 {published}", date=published)
    evidence = find_year_evidence(text)
    if evidence and not page_scores and not _pins_a_year(evidence):
        # Only periods (2015年以来, 十四五, 新就业形态) and plans: say unknown rather than guess.
        labels = "；".join(dict.fromkeys(e.label for e in evidence))
        return YearGuess(evidence=f"仅有宽泛线索（{labels}），年份未定")
    scores = score_years(evidence)
    guess = YearGuess()
    if not scores and page_scores:
        year = _best(page_scores)
        guess.year, guess.evidence = year, f"正文无年份线索，按同版其他文章推断（{year}年）"
        return guess
    if not scores:
        return guess
    combined = dict(scores)
    if page_scores:
        total = sum(page_scores.values()) or 1.0
        for year, value in page_scores.items():
            combined[year] = combined.get(year, 0.0) + 0.5 * value / total
    year = _best(combined)
    guess.year = year
    supporting = [e for e in evidence if year in e.years]
    supporting.sort(key=lambda e: -e.weight / max(1.0, len(e.years)) ** 0.5)
    labels = list(dict.fromkeys(e.label for e in supporting))
    guess.evidence = "；".join(labels[:4])
    if year not in scores:
        guess.evidence = "同版其他文章" + ("；" + guess.evidence if guess.evidence else "")
    guess.date = _printed_date(text, year)
    return guess


def _best(scores: dict[int, float]) -> int:
    # Highest score; among equals the earliest year: an event dates a report to the year
    # it happened, and a report that names next year's plan is written the year before.
    return max(scores, key=lambda y: (round(scores[y], 6), -y))


def _printed_date(text: str, year: int) -> str | None:
    """ISO date of a weekday dateline (8月9日 星期三) that fits the inferred year."""
    for match in _WEEKDAY_DATE.finditer(text):
        month, day = int(match.group(1)), int(match.group(2))
        if _weekday(year, month, day) == _WEEKDAYS.index(match.group(3).replace("天", "日")):
            return dt.date(year, month, day).isoformat()
    return None


def page_year_scores(texts: list[str]) -> list[dict[int, float]]:
    """For each article of a page, the summed year scores of the page's other articles."""
    return leave_one_out([score_years(find_year_evidence(t)) for t in texts])
