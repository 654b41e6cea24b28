"""The lines of a page: cleaned, rejoined where the layout broke them, and classified.

Cleaning repairs OCR punctuation, drops page furniture (footers, rules, buttons, the running
header repeated at a PDF's page breaks) and rejoins paragraphs that hard wrapping or the
layout broke. Each remaining line gets a `LineKind`; publication lines (mastheads, web and
WeChat headers, credits: see `publication`) are META and carry what they say.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .publication import ISSUE_LINE, PubLine, Role, read_line
from .segment import tag_hmm


class LineKind(Enum):
    """What one line of a page is."""

    HEADING = "heading"
    BODY = "body"
    BYLINE = "byline"
    CAPTION = "caption"
    SOURCE = "source"  # 来源：… that no publication rule read (ends the article above)
    KICKER = "kicker"  # 【主席之声】, ■图片新闻: a column label
    BANNER = "banner"  # a heading repeated on the page (a column's banner)
    NOTE = "note"  # a parenthesised aside, kept in the body
    AD = "ad"
    DEBRIS = "debris"
    META = "meta"  # a publication line: `Line.pub` says what it gives


# Kinds that make up a heading block: the lines above an article's text.
HEAD_KINDS = frozenset({LineKind.HEADING, LineKind.BYLINE, LineKind.KICKER, LineKind.BANNER})


@dataclass
class Line:
    """One classified line of a page."""

    text: str
    kind: LineKind
    pub: PubLine | None = None


SENTENCE_END = "。！？!?…”』」）)"
MAX_HEADING_CHARS = 34
# A longer line is a headline only where its byline or dateline shows it is one (see
# `_long_headlines`): 积石山保安族东乡族撒拉族自治县总工会启动… runs past MAX_HEADING_CHARS.
MAX_LONG_HEADING_CHARS = 48

_CAPTION_START = re.compile(r"^\s*(?:[↑↓←→▲△▼▽◀▶↖↗↘↙]|图为|图：|图:|上图|下图|左图|右图)")
_CAPTION_END = re.compile(r"(?:摄|供图|图片由.{1,30}提供|提供图片|现场|现场全景|合影|留影|一角|掠影)\s*$")
_BYLINE = re.compile(
    r"^\s*(?:□|■|◎|●)?\s*(?:本报(?:特约)?(?:记者|通讯员)|驻.{1,6}记者|记者|通讯员|特约记者|实习生|见习记者)"
)
_BYLINE_MARK = re.compile(r"^\s*[□■◎●]\s*\S")
_TITLE_OF_PERSON = re.compile(
    r"(?:主席|书记|局长|部长|处长|主任|经理|董事长|总经理|委员|会长|秘书长|校长|院长|所长)\s*\S{2,4}$"
)
SOURCE = re.compile(r"^\s*[(（]?\s*(?:来源|稿源|转自|摘自)\s*[:：]\s*(.+?)[)）]?\s*$")
KICKER = re.compile(r"^\s*[【\[](.{1,12})[】\]]\s*$")
# A paragraph that opens a news item on its own (a brief in a 新闻速递 box): a dateline lead or
# an item marker. An article has one; a second one starts the next item.
MARKS = "□■◎●▲△◆ "
BOX_LABEL_CHARS = 5  # 新闻速递, 工会动态, 简讯: a box's label, not a headline
# The label of a box that belongs to the article above it (background, a link, a reporter's note)
_APPENDIX = (r"(?:延伸阅读|相关阅读|相关链接|新闻链接|背景链接|知识链接|链接|背景|背景资料|记者手记|记者观察|编后|编后语"
             r"|小贴士|名词解释)[】\]\s]*[:：]?$")
APPENDIX_LABEL = re.compile(r"^[□■◎●▲△◆◇★☆【\[\s]*" + _APPENDIX)
# What opens a brief of a news box: 本报讯, 新华社…电, or a ■ mark (not before an appendix label)
ITEM_LEAD = re.compile(r"^\s*(?:本报讯|本网讯|本刊讯|本报[^\s，,。]{1,8}(?:电|讯)|新华社[^\s，,。]{1,8}电"
                       r"|[■▲△●◆]\s*(?!" + _APPENDIX + r")\S)")
LEAD = re.compile(r"^\s*(?:本报讯|本报[^\s，,。]{0,8}电|新华社|据.{0,10}报道|记者.{0,20}(?:获悉|了解到))")
_AD = re.compile(r"(?:招商公告|招标公告|广告|声明|遗失|征订|启事|热线[:：]?\s*\d)")
_DEBRIS = re.compile(r"^[\W\d_a-zA-Z]{0,6}$")
_OCR_COMMA = re.compile(r"(?<=[\u4e00-\u9fff”’）》」』%\d])\s*,\s*(?=[\u4e00-\u9fff“‘（《「『])")
_OCR_COMMA_BEFORE_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff”’）》」』])\s*,\s*(?=\d)")
_OCR_SEMI = re.compile(r"(?<=[\u4e00-\u9fff”’）])\s*;\s*(?=[\u4e00-\u9fff“‘（《])")
_OCR_COLON = re.compile(r"(?<=[\u4e00-\u9fff])\s*:\s*(?=[\u4e00-\u9fff“《])")
_OCR_PAREN = re.compile(r"\(([^()\n]{0,40})\)")
_NOTE = re.compile(r"^[（(][^()（）]{2,60}[)）]$")
ALL_HAN = re.compile(r"^[\u4e00-\u9fff·]+$")




def classify_page(text: str) -> list[Line]:
    """The page's lines, cleaned and classified (tables of contents and banners marked)."""
    lines = page_lines(text)
    pubs = [read_line(line) for line in lines]
    _name_bulletins(lines, pubs)
    kinds = [LineKind.META if pub else classify_line(line) for line, pub in zip(lines, pubs)]
    _long_headlines(lines, kinds, pubs)
    _drop_contents(lines, kinds)
    _mark_banners(lines, kinds)
    return [Line(line, kind, pub) for line, kind, pub in zip(lines, kinds, pubs)]


def clean_ocr(text: str) -> str:
    """Repair ASCII punctuation inside Chinese text (`,` → `，`, `;` → `；`, `(…)` → `（…）`)."""
    # Each pattern needs its ASCII mark: most lines have none and are returned as they are.
    if "," in text:
        text = _OCR_COMMA.sub("，", text)
        text = _OCR_COMMA_BEFORE_DIGIT.sub("，", text)
    if ";" in text:
        text = _OCR_SEMI.sub("；", text)
    if ":" in text:
        text = _OCR_COLON.sub("：", text)
    if "(" in text:
        text = _OCR_PAREN.sub(_full_width_parens, text)
    return text


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _full_width_parens(match: re.Match) -> str:
    return f"（{match.group(1)}）" if _HAN.search(match.group(1)) else match.group(0)


def page_lines(text: str) -> list[str]:
    """Non-empty, stripped, OCR-cleaned lines of a page, with page furniture dropped and
    hard-wrapped and mid-sentence breaks rejoined."""
    raw = _without_page_furniture([clean_ocr(line.rstrip()) for line in text.split("\n")])
    lines = [line.strip() for line in _unwrap_fixed_width(raw)]
    return _join_broken_lines([line for line in lines if line])


def _without_page_furniture(lines: list[str]) -> list[str]:
    """Drop what a page prints around the text (footers, rules, buttons) and the running header
    repeated at each page break of a PDF copy, so that a paragraph cut by a page break joins."""
    out: list[str] = []
    headers: set[tuple[str, str]] = set()
    for line in lines:
        pub = read_line(line.strip())
        if pub is not None and pub.role is Role.FURNITURE:
            continue
        if pub is not None and pub.role is Role.MASTHEAD and pub.source:
            if (pub.source, pub.date) in headers or (pub.source, "") in headers:
                continue  # the same paper's header again: a page break
            headers.add((pub.source, pub.date))
        out.append(line)
    return out


# How far short of the wrap width a full line may fall, per measure: in print columns, digits
# and Latin letters print narrower than the two columns a Chinese character takes; in
# characters, a line breaks before a word or a number that does not fit.
WRAP_SLACK = 4
WRAP_SLACK_CHARS = 2
MIN_WRAP_COLUMNS = 20  # narrower "widths" are a list of short lines, not wrapping


def display_width(text: str) -> int:
    """Columns a line takes in print: CJK characters and full-width punctuation count two, and
    so does each character of a paragraph's indent (two full-width spaces, which reading the
    file may have turned into two ASCII ones)."""
    body = text.lstrip()
    indent = len(text) - len(body)
    wide = _wide_run()  # most of a Chinese line, counted by one regex pass
    rest = wide.sub("", body) if wide is not None else body
    return 2 * indent + 2 * (len(body) - len(rest)) + sum(map(_COLUMNS.__getitem__, rest))


# Characters that print in two columns and make up most of a Chinese line: CJK punctuation,
# the ideographs, full-width forms, curly quotes, the em dash and the ellipsis.
_WIDE_RANGES = ((0x3000, 0x303E), (0x4E00, 0x9FFF), (0xFF01, 0xFF60), (0x2018, 0x2019), (0x201C, 0x201D),
                (0x2014, 0x2014), (0x2026, 0x2026))


@functools.lru_cache(maxsize=1)
def _wide_run() -> re.Pattern | None:
    """A run of characters of `_WIDE_RANGES`, each range kept only if unicodedata gives all its
    characters two columns (checked once, in a few ms)."""
    wide = [(low, high) for low, high in _WIDE_RANGES
            if all(unicodedata.east_asian_width(chr(code)) in "WFA" for code in range(low, high + 1))]
    if not wide:
        return None
    return re.compile("[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in wide) + "]+")


class _Columns(dict):
    """Character → the columns it prints in (2 for East Asian wide, full-width and
    ambiguous characters, else 1), looked up once per character."""

    def __missing__(self, char: str) -> int:
        columns = self[char] = 2 if unicodedata.east_asian_width(char) in "WFA" else 1
        return columns


_COLUMNS = _Columns()


def char_width(text: str) -> int:
    """Characters a line holds, its indent included (an export that breaks every N characters
    counts a digit like a Chinese character)."""
    return len(text)


# The two ways a fixed width is counted: (measure, how far short a full line may fall, the
# narrowest width that is wrapping). A PDF lays lines out in print columns; a text export or
# a copy made by a program breaks every N characters, whatever their width.
WRAP_MEASURES = ((display_width, WRAP_SLACK, MIN_WRAP_COLUMNS), (char_width, WRAP_SLACK_CHARS, MIN_WRAP_COLUMNS // 2))


def wrap_widths(lines: list[str]) -> list[tuple[Callable[[str], int], int]]:
    """The fixed widths at which `lines` are hard-wrapped: (measure, the least width of a full
    line) for each measure under which most lines fill one width. Empty when none does."""
    found = []
    for measure, slack, narrowest in WRAP_MEASURES:
        widths = [measure(line) for line in lines if len(line.strip()) >= 8]
        if len(widths) < 8:
            return []
        counts = Counter(widths)
        width = max(counts, key=lambda w: (counts[w], w))  # the most common width
        # a line may also run a little past it (a digit where a Chinese character did not fit)
        full = sum(1 for v in widths if abs(v - width) <= slack)
        if width >= narrowest and full / len(widths) >= 0.5:
            found.append((measure, width - slack))
    return found


# Paragraphs that open with an indent: then a line that is not indented never starts one.
MIN_INDENTED_PARAGRAPHS = 3
# What no line of its own begins with: the rest of a sentence wrapped on from the line above.
CONTINUATION_MARKS = "，。、；：！？…%）)”’」』》"


def _unwrap_fixed_width(lines: list[str]) -> list[str]:
    """Undo hard wrapping at a fixed width (a PDF copy or an export with a break every N columns
    or characters).

    When most lines fill one width (indentation included), a line that fills it continues on
    the next line (see `_wraps_into`), unless a blank line or an indented line (a new
    paragraph) follows; shorter lines (headings, paragraph ends) stay on their own.
    """
    widths = wrap_widths(lines)
    if not widths:
        return lines

    def full(line: str) -> bool:
        return any(measure(line) >= least for measure, least in widths)

    indents = sum(1 for line in lines if _indented(line) and line.strip()) >= MIN_INDENTED_PARAGRAPHS
    out: list[str] = []
    previous = ""  # the line before, as printed; empty after a blank line
    for line in lines:
        stripped = line.strip()
        if previous and stripped and _wraps_into(previous, line, full, indents):
            out[-1] += stripped
        else:
            out.append(line)
        previous = line if stripped else ""
    return _join_wrapped_headlines(out)


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\u3000", "\t")


def _wraps_into(previous: str, line: str, full: Callable[[str], bool], indents: bool) -> bool:
    """True when `line` is the rest of the paragraph that the full-width line `previous` was
    wrapped from. A line that ends mid-sentence continues, and so does one followed by the
    rest of a sentence (`。”职工说`); one that ends a sentence continues only where paragraphs
    are indented (`indents`) and the next line reads as running text (it fills the width
    too, or is too long or too finished to be a headline)."""
    stripped, last = line.strip(), previous.strip()
    if _indented(line) or not full(previous) or read_line(last) is not None or _opens_unit(stripped):
        return False
    if last[-1] not in "。！？!?" or stripped[0] in CONTINUATION_MARKS:
        return True
    return indents and (full(line) or classify_line(stripped) is LineKind.BODY)


_UNION = re.compile(r"全总|总工会|工会")


def _join_wrapped_headlines(lines: list[str]) -> list[str]:
    """In a hard-wrapped copy, a headline too long for the column runs on to a second line:
    `兰州城关区总工会提前启动` / `“冬送温暖”帮扶活动`. Two stacked heading lines where only the
    first names the union that acts (the second carries its object or its verb) are one
    headline; a lead-in above a headline (让劳动者“有家可依” / 肃州区…) names none in the first."""
    out: list[str] = []
    n = 0
    while n < len(lines):
        first = lines[n].strip()
        second = lines[n + 1].strip() if n + 1 < len(lines) else ""
        after = lines[n + 2].strip() if n + 2 < len(lines) else ""
        if (first and second and classify_line(first) is LineKind.HEADING and classify_line(second) is LineKind.HEADING
                and "——" not in first + second and _UNION.search(first) and not _UNION.search(second)
                and (not after or classify_line(after) is not LineKind.HEADING)
                and read_line(first) is None and read_line(second) is None):
            out.append(first + second)
            n += 2
            continue
        out.append(lines[n])
        n += 1
    return out


def _opens_unit(line: str) -> bool:
    """A line that starts something of its own, so that no wrapped line runs on into it: a
    subtitle (——…), a news lead, a byline (not 记者了解到…, which is running text) or a
    publication line."""
    return (line.startswith("——") or bool(ITEM_LEAD.match(line))
            or bool(_BYLINE.match(line)) and not LEAD.match(line) or read_line(line) is not None)


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin a paragraph that the layout broke mid-sentence.

    A long line that does not end a sentence, followed by a body line, is one paragraph
    (e.g. "…注重典型的培养、选树和宣传" + "工作，营造…"). A heading-like line after it is left
    alone: it may be a headline that the layout dropped into the paragraph.
    """
    out: list[str] = []
    for line in lines:
        if out and continues(out[-1], line):
            out[-1] = out[-1] + line
            continue
        out.append(line)
    return out


def continues(previous: str, line: str) -> bool:
    """True when `line` carries on the unfinished paragraph `previous`."""
    return (
        len(previous) > MAX_HEADING_CHARS
        and previous[-1] not in SENTENCE_END
        and not previous.endswith("——")
        and classify_line(line) is LineKind.BODY
        and not LEAD.match(line)
        and read_line(previous) is None  # a publication line is never part of a paragraph
        and read_line(line) is None
    )


def classify_line(line: str) -> LineKind:
    """Kind of one page line: caption, byline, source, kicker, note, ad, debris, heading or body."""
    if _CAPTION_START.match(line) or (len(line) <= 40 and _CAPTION_END.search(line)):
        return LineKind.CAPTION
    if SOURCE.match(line):
        return LineKind.SOURCE
    if APPENDIX_LABEL.match(line):
        return LineKind.BODY  # ■延伸阅读: the box below belongs to the article above
    if KICKER.match(line):
        return LineKind.KICKER
    if _NOTE.match(line):
        return LineKind.NOTE
    if len(line) <= 40 and line[-1] not in SENTENCE_END and _BYLINE.match(line):
        return LineKind.BYLINE
    if len(line) <= 40 and _BYLINE_MARK.match(line):
        rest = line.lstrip(MARKS)
        if _is_person_names(rest) or _TITLE_OF_PERSON.search(rest):
            return LineKind.BYLINE
        if len(rest) > BOX_LABEL_CHARS and rest[-1] not in "。！？!?…，,；;：:":
            return LineKind.HEADING  # a marked headline (■玉溪环卫工人吃上“爱心早餐”)
        return LineKind.KICKER  # a column label (■图片新闻)
    if len(line) <= 40 and line[-1] not in SENTENCE_END and _TITLE_OF_PERSON.search(line) and " " in line:
        return LineKind.BYLINE
    if _is_person_names(line):
        return LineKind.BYLINE
    if len(line) <= 12 and _AD.search(line):
        return LineKind.AD
    if _DEBRIS.match(line):
        return LineKind.DEBRIS
    if len(line) <= MAX_HEADING_CHARS and line[-1] not in "。；;，,：:":
        return LineKind.HEADING
    if len(line) <= MAX_HEADING_CHARS + 12 and (line.endswith("——") or line.startswith("——")):
        return LineKind.HEADING
    return LineKind.BODY


def _is_person_names(line: str) -> bool:
    """A line holding only person names (an author under a headline: `于长彬`, `李亮 许志豪`)."""
    names = line.split()
    if not names or not all(2 <= len(n) <= 4 and ALL_HAN.match(n) for n in names):
        return False
    return all(_tagged_as_name(n) for n in names)


@functools.lru_cache(maxsize=1 << 16)
def _tagged_as_name(word: str) -> bool:
    # jieba.posseg's HMM, not rjieba's: the latter tags the seed byline 于长彬 as something
    # else. `tag_hmm` gives jieba.posseg's tags without loading jieba's dictionary.
    return all(word_tag.flag.startswith("nr") for word_tag in tag_hmm(word))


def _name_bulletins(lines: list[str], pubs: list[PubLine | None]) -> None:
    """A short name right above an issue line (秦工动态 / 2018年第17期（总第342期）) is the
    bulletin's name: its masthead."""
    for n in range(len(lines) - 1):
        issue = pubs[n + 1]
        if (pubs[n] is None and issue is not None and issue.role is Role.MASTHEAD and not issue.source
                and ISSUE_LINE.match(lines[n + 1]) and ALL_HAN.match(lines[n]) and len(lines[n]) <= 12):
            pubs[n] = PubLine(Role.MASTHEAD, source=lines[n], text=lines[n])


def _long_headlines(lines: list[str], kinds: list[LineKind], pubs: list[PubLine | None]) -> None:
    """A line too long for a heading (up to MAX_LONG_HEADING_CHARS) is the headline when it
    reads as one (no sentence in it, no clause left open), stands where a paragraph cannot
    go on (at the top, or after a finished sentence) and a byline or a dated publication line
    follows it (the account's line may stand between), as under a headline."""
    for n, line in enumerate(lines[:-1]):
        if kinds[n] is not LineKind.BODY or not MAX_HEADING_CHARS < len(line) <= MAX_LONG_HEADING_CHARS:
            continue
        if line[-1] in SENTENCE_END + "；;，,：:" or re.search(r"[。！？!?；;]", line):
            continue
        if n > 0 and kinds[n - 1] is LineKind.BODY and lines[n - 1][-1] not in SENTENCE_END:
            continue
        below = n + 1
        while below < len(lines) and pubs[below] is not None and pubs[below].role is Role.PUBLICATION:
            if pubs[below].date:
                break  # 原创 某某工会 / 2017-12-18 16:42: the account, then the date
            below += 1
        dated = below < len(lines) and pubs[below] is not None and pubs[below].role is Role.PUBLICATION
        if kinds[n + 1] is LineKind.BYLINE or dated:
            kinds[n] = LineKind.HEADING


def _drop_contents(lines: list[str], kinds: list[LineKind]) -> None:
    """A run of headings that all recur later on the page is its table of contents (本期要目):
    debris, not headlines."""
    n = 0
    while n < len(lines):
        end = n
        while end < len(lines) and kinds[end] is LineKind.HEADING and lines[end] in lines[end + 1:]:
            end += 1
        if end - n >= 2 and all(kinds[lines.index(line, end)] is LineKind.HEADING for line in lines[n:end]):
            for k in range(n, end):
                kinds[k] = LineKind.DEBRIS
        n = max(end, n + 1)


def _mark_banners(lines: list[str], kinds: list[LineKind]) -> None:
    """A heading that recurs on the page is a column banner (团结奋斗开新局 喜迎工会十八大)."""
    counts: dict[str, int] = {}
    for line, kind in zip(lines, kinds):
        if kind is LineKind.HEADING:
            counts[line] = counts.get(line, 0) + 1
    for n, (line, kind) in enumerate(zip(lines, kinds)):
        if kind is LineKind.HEADING and counts[line] > 1:
            kinds[n] = LineKind.BANNER
