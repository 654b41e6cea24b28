"""Which of an article's stacked heading lines is its headline.

Newspapers stack a lead-in (引题) above the main title and a subtitle (副题) below it; a
box's label (新闻速递) or a column's banner may stand above them too. `head_of` turns a block
of heading lines into title, subtitle, kicker and byline.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .lines import ALL_HAN, BOX_LABEL_CHARS, KICKER, MARKS, Line, LineKind

_ACTOR = re.compile(r"全总|总工会|工会|职工之家")
_BYLINE_MARKS = "□■◎● "


@dataclass
class Head:
    """What a block of heading lines says about its article."""

    title: str = ""
    subtitle: str = ""
    kicker: str = ""
    byline: str = ""


def head_of(block: list[Line], kicker: str = "", places_of: Callable[[str], set[str]] | None = None) -> Head:
    """Title, subtitle, kicker and byline of a heading block (`kicker`: a label seen above it)."""
    kickers = [kicker] if kicker else []
    kickers += [kicker_text(line.text) for line in block if line.kind in (LineKind.KICKER, LineKind.BANNER)]
    headings = [line.text.lstrip(MARKS) for line in block if line.kind is LineKind.HEADING]
    # A box's label above the first item's headline (工会动态 / 贵阳观山湖区开展…) is a kicker.
    labels = [h for h in headings if is_box_label(h)]
    if labels and len(labels) < len(headings):
        kickers.extend(labels)
        headings = [h for h in headings if h not in labels]
    title = main_title(headings, places_of)
    return Head(
        title=title,
        subtitle="；".join(h.strip("—") for h in headings if h != title),
        kicker="；".join(kickers),
        byline="；".join(line.text.lstrip(_BYLINE_MARKS) for line in block if line.kind is LineKind.BYLINE),
    )


def main_title(headings: list[str], places_of: Callable[[str], set[str]] | None = None) -> str:
    """The main headline among stacked headings.

    Newspaper convention: a line ending in ―― is the lead-in (引题) above the main title,
    a line starting with ―― is the subtitle (副题) below it. Without markers the main title
    is the line that names who acted (a place or a union: 石家庄长安区总工会为…, 全总下拨…),
    where a lead-in sets a mood (高温下的坚守) and a subtitle adds detail (重点向…倾斜); among
    several such lines (or none), the longest that is not a slogan of short spaced phrases
    (党政主导 工会力推 共建共享).
    """
    if not headings:
        return ""
    for n, heading in enumerate(headings):
        if heading.endswith("——") and n + 1 < len(headings) and not headings[n + 1].startswith("——"):
            return headings[n + 1]
    for n, heading in enumerate(headings):
        if heading.startswith("——") and n > 0:
            return headings[n - 1]
    plain = [h for h in headings if not h.startswith("——") and not h.endswith("——")]
    if not plain:
        return headings[0].strip("—")
    not_slogans = [h for h in plain if not is_slogan(h)] or plain
    actors = [h for h in not_slogans if names_actor(h, places_of)]
    return max(actors or not_slogans, key=len)


def names_actor(heading: str, places_of: Callable[[str], set[str]] | None = None) -> bool:
    """A heading that names who acted: a union, or a place."""
    return bool(_ACTOR.search(heading)) or (places_of is not None and bool(places_of(heading)))


def is_box_label(line: str) -> bool:
    """新闻速递, 工会动态, 简讯: a briefs box's label, not a headline."""
    return len(line) <= BOX_LABEL_CHARS and bool(ALL_HAN.match(line))


def is_slogan(line: str) -> bool:
    parts = line.split()
    return len(parts) >= 3 and all(len(p) <= 4 for p in parts)


def kicker_text(line: str) -> str:
    match = KICKER.match(line)
    return match.group(1) if match else line.lstrip(_BYLINE_MARKS)
