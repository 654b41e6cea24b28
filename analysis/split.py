"""Split a newspaper page into articles: headline, subtitle, byline, body, captions.

A page is a sequence of lines. Each line gets a kind (heading, body, byline, caption, kicker,
source, ad, debris); a run of heading lines that is followed by a byline, a subtitle
("——…"), a news lead ("本报讯") or that stands at the top of the page opens a new
article, while a lone short heading between body paragraphs is a subhead and stays in the
body. Cleaning (OCR commas, broken paragraphs, repeated paragraphs) happens here too.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Callable

from .publication import PubLine, Role, read_line
from .segment import import_jieba

SENTENCE_END = "。！？!?…”』」）)"
MAX_HEADING_CHARS = 34

_CAPTION_START = re.compile(r"^\s*(?:[↑↓←→▲△▼▽◀▶↖↗↘↙]|图为|图：|图:|上图|下图|左图|右图)")
_CAPTION_END = re.compile(r"(?:摄|供图|图片由.{1,30}提供|提供图片|现场|现场全景|合影|留影|一角|掠影)\s*$")
_BYLINE = re.compile(
    r"^\s*(?:□|■|◎|●)?\s*(?:本报(?:特约)?(?:记者|通讯员)|驻.{1,6}记者|记者|通讯员|特约记者|实习生|见习记者)"
)
_BYLINE_MARK = re.compile(r"^\s*[□■◎●]\s*\S")
_TITLE_OF_PERSON = re.compile(
    r"(?:主席|书记|局长|部长|处长|主任|经理|董事长|总经理|委员|会长|秘书长|校长|院长|所长)\s*\S{2,4}$"
)
_SOURCE = re.compile(r"^\s*[(（]?\s*(?:来源|稿源|转自|摘自)\s*[:：]\s*(.+?)[)）]?\s*$")
_KICKER = re.compile(r"^\s*[【\[](.{1,12})[】\]]\s*$")
# A paragraph that opens a news item on its own (a brief in a 新闻速递 box): a dateline lead or
# an item marker. An article has one; a second one starts the next item.
_ITEM_LEAD = re.compile(r"^\s*(?:本报讯|本网讯|本刊讯|本报[^\s，,。]{1,8}(?:电|讯)|新华社[^\s，,。]{1,8}电|[■▲△●◆]\s*\S)")
MARKS = "□■◎●▲△◆ "
BOX_LABEL_CHARS = 5  # 新闻速递, 工会动态, 简讯: a box's label, not a headline
_LEAD = re.compile(r"^\s*(?:本报讯|本报[^\s，,。]{0,8}电|新华社|据.{0,10}报道|记者.{0,20}(?:获悉|了解到))")
_AD = re.compile(r"(?:招商公告|招标公告|广告|声明|遗失|征订|启事|热线[:：]?\s*\d)")
_DEBRIS = re.compile(r"^[\W\d_a-zA-Z]{0,6}$")
_OCR_COMMA = re.compile(r"(?<=[\u4e00-\u9fff”’）》」』%\d])\s*,\s*(?=[\u4e00-\u9fff“‘（《「『])")
_OCR_COMMA_BEFORE_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff”’）》」』])\s*,\s*(?=\d)")
_OCR_SEMI = re.compile(r"(?<=[\u4e00-\u9fff”’）])\s*;\s*(?=[\u4e00-\u9fff“‘（《])")
_OCR_COLON = re.compile(r"(?<=[\u4e00-\u9fff])\s*:\s*(?=[\u4e00-\u9fff“《])")
_OCR_PAREN = re.compile(r"\(([^()\n]{0,40})\)")
_NOTE = re.compile(r"^[（(][^()（）]{2,60}[)）]$")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}(?:\s|[、.．])|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[，、,\s])")
_ALL_HAN = re.compile(r"^[\u4e00-\u9fff·]+$")
_PAPER_IN_DATELINE = re.compile(r"[（(]([\u4e00-\u9fff]{1,8}(?:日报|晚报|早报|时报|商报|报))(?:社)?(?:记者|通讯员|首席记者|特约记者)")
_NEWSPAPER = re.compile(r"《([^》]{2,12}(?:报|日报|晚报|周刊|杂志))》")


@dataclass
class ArticleParts:
    """One article cut from a page (before enrichment)."""

    title: str = ""
    subtitle: str = ""
    byline: str = ""
    body: str = ""
    captions: list[str] = field(default_factory=list)
    kicker: str = ""
    source: str = ""
    headings: list[str] = field(default_factory=list)
    date: str = ""  # ISO publication date, from the article's own publication line or the page's masthead
    date_line: str = ""  # the line that gave `date` (shown as the year's evidence)
    source_cited: bool = False  # `source` names the original a repost cites
    weak_start: bool = False  # opened only because several short lines were stacked


def clean_ocr(text: str) -> str:
    """Repair ASCII punctuation inside Chinese text (`,` → `，`, `;` → `；`, `(…)` → `（…）`)."""
    text = _OCR_COMMA.sub("，", text)
    text = _OCR_COMMA_BEFORE_DIGIT.sub("，", text)
    text = _OCR_SEMI.sub("；", text)
    text = _OCR_COLON.sub("：", text)
    text = _OCR_PAREN.sub(
        lambda m: f"（{m.group(1)}）" if re.search(r"[\u4e00-\u9fff]", m.group(1)) else m.group(0),
        text,
    )
    return text


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


# Columns a full line may fall short of the wrap width: digits and Latin letters print
# narrower than the two columns a Chinese character takes.
WRAP_SLACK = 4


def display_width(text: str) -> int:
    """Columns a line takes in print: CJK characters and full-width punctuation count two, and
    so does each character of a paragraph's indent (two full-width spaces, which reading the
    file may have turned into two ASCII ones)."""
    body = text.lstrip()
    indent = len(text) - len(body)
    return 2 * indent + sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in body)


def _unwrap_fixed_width(lines: list[str]) -> list[str]:
    """Undo hard wrapping at a fixed width (a PDF copy or an export with a break every N columns).

    When most lines fill one width (measured in print columns, indentation included), a line
    that fills it and does not end a sentence continues on the next line, unless a blank line
    or an indented line (a new paragraph) follows; shorter lines (headings, paragraph ends)
    stay on their own.
    """
    widths = [display_width(line) for line in lines if len(line.strip()) >= 8]
    if len(widths) < 8:
        return lines
    width = max(set(widths), key=lambda w: (widths.count(w), w))  # the most common width
    full = sum(1 for v in widths if width - WRAP_SLACK <= v <= width)
    if width < 20 or full / len(widths) < 0.5:
        return lines
    out: list[str] = []
    carry = False
    for line in lines:
        stripped = line.strip()
        indented = line[:1] in (" ", "\u3000", "\t")
        if carry and stripped and not indented and not _opens_unit(stripped):
            out[-1] += stripped
        else:
            out.append(line)
        carry = (bool(stripped) and display_width(line) >= width - WRAP_SLACK and stripped[-1] not in "。！？!?"
                 and read_line(stripped) is None)
    return out


def _opens_unit(line: str) -> bool:
    """A line that starts something of its own, so that no wrapped line runs on into it: a
    subtitle (——…), a news lead, a byline or a publication line."""
    return (line.startswith("——") or bool(_ITEM_LEAD.match(line)) or bool(_BYLINE.match(line))
            or read_line(line) is not None)


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin a paragraph that the layout broke mid-sentence.

    A long line that does not end a sentence, followed by a body line, is one paragraph
    (e.g. "…注重典型的培养、选树和宣传" + "工作，营造…"). A heading-like line after it is left
    alone: it may be a headline that the layout dropped into the paragraph.
    """
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = out[-1] + line
            continue
        out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    """True when `line` carries on the unfinished paragraph `previous`."""
    return (
        len(previous) > MAX_HEADING_CHARS
        and previous[-1] not in SENTENCE_END
        and not previous.endswith("——")
        and classify_line(line) == "body"
        and not _LEAD.match(line)
        and read_line(previous) is None  # a publication line is never part of a paragraph
        and read_line(line) is None
    )


def classify_line(line: str) -> str:
    """Kind of one page line: caption, byline, source, kicker, note, ad, debris, heading or body."""
    if _CAPTION_START.match(line) or (len(line) <= 40 and _CAPTION_END.search(line)):
        return "caption"
    if _SOURCE.match(line):
        return "source"
    if _KICKER.match(line):
        return "kicker"
    if _NOTE.match(line):
        return "note"
    if len(line) <= 40 and line[-1] not in SENTENCE_END and _BYLINE.match(line):
        return "byline"
    if len(line) <= 40 and _BYLINE_MARK.match(line):
        rest = line.lstrip(MARKS)
        if _is_person_names(rest) or _TITLE_OF_PERSON.search(rest):
            return "byline"
        if len(rest) > BOX_LABEL_CHARS and rest[-1] not in "。！？!?…，,；;：:":
            return "heading"  # a marked headline (■玉溪环卫工人吃上“爱心早餐”)
        return "kicker"  # a column label (■图片新闻)
    if len(line) <= 40 and line[-1] not in SENTENCE_END and _TITLE_OF_PERSON.search(line) and " " in line:
        return "byline"
    if _is_person_names(line):
        return "byline"
    if len(line) <= 12 and _AD.search(line):
        return "ad"
    if _DEBRIS.match(line):
        return "debris"
    if len(line) <= MAX_HEADING_CHARS and line[-1] not in "。；;，,：:":
        return "heading"
    if len(line) <= MAX_HEADING_CHARS + 12 and (line.endswith("——") or line.startswith("——")):
        return "heading"
    return "body"


def _is_person_names(line: str) -> bool:
    """A line holding only person names (an author under a headline: `于长彬`, `李亮 许志豪`)."""
    names = line.split()
    if not names or not all(2 <= len(n) <= 4 and _ALL_HAN.match(n) for n in names):
        return False
    return all(_tagged_as_name(n) for n in names)


def _tagged_as_name(word: str) -> bool:
    import_jieba()
    import jieba.posseg

    return all(pair.flag.startswith("nr") for pair in jieba.posseg.lcut(word))


def split_page(text: str, *, places_of: Callable[[str], set[str]] | None = None) -> list[ArticleParts]:
    """Cut a page's text into articles.

    `places_of` (text → place codes: 2 digits for a province, 4 for a city) lets a lone
    heading that names another city, or whose paragraph opens in another province, start
    a new article instead of being read as a subhead.
    """
    lines = page_lines(text)
    publications = [read_line(line) for line in lines]
    kinds = ["meta" if pub else classify_line(line) for line, pub in zip(lines, publications)]
    _drop_contents(lines, kinds)
    _mark_banners(lines, kinds)
    page = _PageMeta(source=_page_paper(lines))
    pending_pub: list[PubLine] = []  # publication lines seen before the article they belong to
    articles: list[ArticleParts] = []
    current: ArticleParts | None = None
    pending_captions: list[str] = []
    pending_kicker = ""
    closed = False  # the current article ended (source line, ad)
    in_ad = False

    def opened(article: ArticleParts) -> ArticleParts:
        """A new article takes the publication lines seen before it, then the page's masthead."""
        for pub in pending_pub:
            _take_publication(article, pub)
        pending_pub.clear()
        article.source = article.source or page.source
        if not article.date and page.date:
            article.date, article.date_line = page.date, f"版面日期：{page.line}"
        return article

    i = 0
    while i < len(lines):
        kind, line = kinds[i], lines[i]
        if kind == "meta":
            pub = publications[i]
            i += 1
            if pub.role is Role.MASTHEAD:
                page.read(pub)
                if current is not None and not closed and not current.body:
                    _take_publication(current, pub)  # printed under the headline: the article's own line
            elif pub.role is Role.CREDIT:
                (current.captions if current and not closed else pending_captions).append(line)
                if current is not None and current.body.count("\n") < PHOTO_ITEM_PARAGRAPHS:
                    closed = True  # the credit ends a photo item; a long article goes on after its photo
            elif pub.role is Role.CLOSING:
                if current is not None:
                    _take_publication(current, pub)
                    closed = True
            elif pub.role is Role.PUBLICATION:
                if current is not None and not closed and not current.body:
                    _take_publication(current, pub)  # under its headline
                elif current is not None and not closed and pub.source and not pub.date:
                    _take_publication(current, pub)  # 来源：… after the text closes it
                    closed = True
                else:
                    pending_pub.append(pub)  # above the next headline
            continue
        if kind == "ad":
            in_ad, closed = True, True
            i += 1
            continue
        if kind == "caption":
            (current.captions if current and not closed else pending_captions).append(line)
            i += 1
            continue
        if kind == "debris":
            i += 1
            continue
        if kind == "kicker" and (i + 1 >= len(lines) or kinds[i + 1] not in ("heading", "byline", "banner")):
            pending_kicker = _kicker_text(line)
            i += 1
            continue
        if kind == "source":
            if current is not None:
                current.source = _paper_name(_SOURCE.match(line).group(1))
            closed = True
            i += 1
            continue
        if kind == "note":
            if current is not None and not in_ad:
                current.body += ("\n" if current.body else "") + line
            i += 1
            continue
        if kind in ("heading", "byline", "kicker", "banner"):
            j = i
            block: list[tuple[str, str]] = []
            while j < len(lines) and kinds[j] in ("heading", "byline", "kicker", "banner"):
                block.append((kinds[j], lines[j]))
                j += 1
            if len(block) >= 2 and j < len(lines) and _names_its_publisher(block[-1][1], publications[j]):
                # 芝罘区：…升级了！ / 烟台工会 / 2018年11月22日 20:05: the account that published it
                publications[j] = replace(publications[j], source=block[-1][1])
                block.pop()
                kinds[j - 1] = "meta"
                publications[j - 1] = PubLine(Role.FURNITURE, text=lines[j - 1])
            next_body = lines[j] if j < len(lines) else ""
            if len(block) == 1 and _is_box_label(block[0][1].lstrip(MARKS)) and _ITEM_LEAD.match(next_body):
                # 新闻速递 over headline-less items: the box's label, each item an article
                pending_kicker, closed = block[0][1].lstrip(MARKS), True
                i = j
                continue
            decision = _block_role(block, next_body, current, pending_kicker, closed, places_of)
            if decision.startswith("open"):
                in_ad, closed = False, False
                current = opened(_new_article(block, pending_kicker, places_of))
                current.weak_start = decision == "open-stacked"
                current.captions.extend(pending_captions)
                pending_captions, pending_kicker = [], ""
                articles.append(current)
            elif decision == "adopt":
                cut = _end_of_first_byline_run(block)
                _adopt_title(current, block[:cut], places_of)
                i += cut
                continue
            elif current is not None and not in_ad:
                for k, text_line in block:
                    if k == "heading":
                        current.headings.append(text_line)
                        current.body += ("\n" if current.body else "") + text_line
                    elif k == "byline" and not current.byline:
                        current.byline = text_line.lstrip("□■◎● ")
            i = j
            continue
        # body line
        if in_ad:
            i += 1
            continue
        if current is None or pending_kicker or closed or _next_item(current, line):
            current = opened(ArticleParts(kicker=pending_kicker))
            current.captions.extend(pending_captions)
            pending_captions, pending_kicker, closed = [], "", False
            articles.append(current)
        last = current.body.rsplit("\n", 1)[-1]
        joiner = "" if current.body and _continues(last, line) else "\n"
        current.body += (joiner if current.body else "") + line
        i += 1
    if pending_captions:  # photos after the last article (↑7月22日，…): an item of their own
        articles.append(opened(ArticleParts(kicker=pending_kicker)))
        articles[-1].captions.extend(pending_captions)
    articles = _merge_fragments(articles)
    for art in articles:
        if not art.body.strip() and art.captions:
            # Photo news: the caption is the report (图为…, ↑…); the credit stays a caption.
            text = [c for c in art.captions if (read_line(c) or PubLine(Role.FURNITURE)).role is not Role.CREDIT]
            art.body = "\n".join(c.lstrip("↑↓←→▲△▼▽◀▶↖↗↘↙ ") for c in text)
            art.captions = [c for c in art.captions if c not in text]
        art.body = dedupe_paragraphs(art.body)
        art.source = art.source or _named_paper(art)
    return [a for a in articles if a.body.strip()]


MIN_ARTICLE_CHARS = 40
PHOTO_ITEM_PARAGRAPHS = 2  # a credited item with fewer paragraphs is photo news: its credit ends it


def _next_item(current: ArticleParts, line: str) -> bool:
    """A paragraph that opens with a news lead (本报讯, ■ …) after an article that opened with
    its own and ended a sentence: the next item of a briefs box, with no headline."""
    if not current.body or not _ITEM_LEAD.match(line):
        return False
    first = current.body.split("\n", 1)[0]
    return bool(_ITEM_LEAD.match(first)) and current.body.rstrip()[-1] in SENTENCE_END


_PUBLISHER = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·]{2,12}$")


def _names_its_publisher(line: str, pub: PubLine | None) -> bool:
    """A short bare name right above a date-and-time stamp that names nobody: the account or
    site that published the text (WeChat prints the account name on its own line)."""
    return (pub is not None and pub.role is Role.PUBLICATION and not pub.source
            and bool(pub.date or "天" in pub.text) and ":" in pub.text and bool(_PUBLISHER.match(line)))


@dataclass
class _PageMeta:
    """What the latest masthead says: it names and dates every article under it."""

    source: str = ""
    date: str = ""
    line: str = ""

    def read(self, pub: PubLine) -> None:
        if pub.source:
            self.source = pub.source
        if pub.date:
            self.date, self.line = pub.date, pub.text


def _take_publication(article: ArticleParts, pub: PubLine) -> None:
    """An article's own publication line: its source, date and byline (first one wins; a
    cited original, 来源：… or 以下文章来源于…, wins over the account or site that reposted it)."""
    if pub.source and (not article.source or pub.cited and not article.source_cited):
        article.source, article.source_cited = pub.source, pub.cited
    if pub.date and not article.date_line.startswith("发布"):
        article.date, article.date_line = pub.date, f"发布信息：{pub.text}"
    if pub.byline and not article.byline:
        article.byline = pub.byline


def _merge_fragments(articles: list[ArticleParts]) -> list[ArticleParts]:
    """Fold a tiny "article" (a few short lines read as headings, no byline, no news lead)
    back into the article before it: real articles carry a body."""
    merged: list[ArticleParts] = []
    for art in articles:
        tiny = art.weak_start and len(art.body) < MIN_ARTICLE_CHARS and not art.byline
        if merged and tiny and art.title:
            previous = merged[-1]
            extra = "\n".join(x for x in [art.title, art.subtitle.replace("；", "\n"), art.body] if x)
            previous.body += ("\n" if previous.body else "") + extra
            previous.captions.extend(art.captions)
            continue
        merged.append(art)
    return merged


def _drop_contents(lines: list[str], kinds: list[str]) -> None:
    """A run of headings that all recur later on the page is its table of contents (本期要目):
    debris, not headlines."""
    n = 0
    while n < len(lines):
        end = n
        while end < len(lines) and kinds[end] == "heading" and lines[end] in lines[end + 1:]:
            end += 1
        if end - n >= 2 and all(kinds[lines.index(line, end)] == "heading" for line in lines[n:end]):
            for k in range(n, end):
                kinds[k] = "debris"
        n = max(end, n + 1)


def _mark_banners(lines: list[str], kinds: list[str]) -> None:
    """A heading that recurs on the page is a column banner (团结奋斗开新局 喜迎工会十八大)."""
    counts: dict[str, int] = {}
    for line, kind in zip(lines, kinds):
        if kind == "heading":
            counts[line] = counts.get(line, 0) + 1
    for n, (line, kind) in enumerate(zip(lines, kinds)):
        if kind == "heading" and counts[line] > 1:
            kinds[n] = "banner"


def _block_role(
    block: list[tuple[str, str]],
    next_body: str,
    current: ArticleParts | None,
    kicker: str,
    closed: bool,
    places_of: Callable[[str], set[str]] | None,
) -> str:
    """What a run of heading-like lines is: `open` (a new article), `adopt` (the title of
    the headless article above it), or `subhead`."""
    headings = [text for kind, text in block if kind == "heading"]
    kinds = {kind for kind, _ in block}
    if not headings:
        return "subhead"
    if current is None or kicker or closed:
        return "open"
    numbered = any(_NUMBERED.match(h) for h in headings)
    if not current.title and "byline" in kinds and len(headings) <= 2 and not numbered:
        return "adopt"  # a headline printed after its body (layout moved it)
    if kinds & {"kicker", "banner", "byline"}:
        return "open"
    if any(h.startswith("——") or h.endswith("——") for h in headings):
        return "open"
    if _LEAD.match(next_body):
        return "open"
    if numbered:
        return "subhead"
    if len(headings) >= 2:
        return "open-stacked"  # weakest reason: may be a list of short lines
    if places_of is not None:
        before = places_of(current.title + "\n" + current.body)
        named = places_of(headings[-1])
        heading_cities = {c for c in named if len(c) == 4}
        if heading_cities and not heading_cities & before:
            return "open"  # a headline naming a city the article so far never mentions
        heading_districts = {c for c in named if len(c) == 6}
        if heading_districts and not heading_districts & before and _ACTOR.search(headings[-1]):
            return "open"  # a headline naming another district's union (金凤区总工会… after 兴庆区)
        before_provinces = {c for c in before if len(c) == 2}
        after_provinces = {c for c in places_of(headings[-1] + "\n" + next_body[:20]) if len(c) == 2}
        if before_provinces and after_provinces and not before_provinces & after_provinces:
            return "open"
    return "subhead"


def _kicker_text(line: str) -> str:
    match = _KICKER.match(line)
    return match.group(1) if match else line.lstrip("□■◎● ")


def _end_of_first_byline_run(block: list[tuple[str, str]]) -> int:
    seen = False
    for n, (kind, _) in enumerate(block):
        if kind == "byline":
            seen = True
        elif seen:
            return n
    return len(block)


def _adopt_title(article: ArticleParts, block: list[tuple[str, str]], places_of=None) -> None:
    headings = [text.lstrip(MARKS) for kind, text in block if kind == "heading"]
    bylines = [text.lstrip("□■◎● ") for kind, text in block if kind == "byline"]
    article.title = _main_title(headings, places_of)
    article.subtitle = "；".join(h.strip("—") for h in headings if h != article.title)
    if bylines and not article.byline:
        article.byline = "；".join(bylines)


def _new_article(block: list[tuple[str, str]], kicker: str, places_of=None) -> ArticleParts:
    kickers = [kicker] if kicker else []
    kickers += [_kicker_text(t) for k, t in block if k in ("kicker", "banner")]
    headings = [text.lstrip(MARKS) for kind, text in block if kind == "heading"]
    # A box's label above the first item's headline (工会动态 / 贵阳观山湖区开展…) is a kicker.
    labels = [h for h in headings if _is_box_label(h)]
    if labels and len(labels) < len(headings):
        kickers.extend(labels)
        headings = [h for h in headings if h not in labels]
    art = ArticleParts(kicker="；".join(kickers))
    bylines = [text for kind, text in block if kind == "byline"]
    art.title = _main_title(headings, places_of)
    art.subtitle = "；".join(h.strip("—") for h in headings if h != art.title)
    art.byline = "；".join(b.lstrip("□■◎● ") for b in bylines)
    return art


_ACTOR = re.compile(r"全总|总工会|工会|职工之家")


def _main_title(headings: list[str], places_of: Callable[[str], set[str]] | None = None) -> str:
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
    not_slogans = [h for h in plain if not _is_slogan(h)] or plain
    actors = [h for h in not_slogans if _ACTOR.search(h) or (places_of is not None and places_of(h))]
    return max(actors or not_slogans, key=len)


def _is_box_label(line: str) -> bool:
    return len(line) <= BOX_LABEL_CHARS and bool(_ALL_HAN.match(line))


def _is_slogan(line: str) -> bool:
    parts = line.split()
    return len(parts) >= 3 and all(len(p) <= 4 for p in parts)


def _paper_name(source_text: str) -> str:
    match = _NEWSPAPER.search(source_text)
    return match.group(1) if match else source_text.strip("《》 ")


def _named_paper(art: ArticleParts) -> str:
    """The paper an article names in its dateline: 本报讯（劳动报记者…） → 劳动报."""
    head = art.byline + "\n" + art.body[:80]
    match = _PAPER_IN_DATELINE.search(head)
    return match.group(1) if match else ""


def _page_paper(lines: list[str]) -> str:
    """The page's own paper, when a dateline names it (本报讯（劳动报记者…）)."""
    for line in lines:
        if line.startswith("本报"):
            match = _PAPER_IN_DATELINE.search(line[:40])
            if match:
                return match.group(1)
    return ""


def dedupe_paragraphs(body: str, *, threshold: float = 0.9) -> str:
    """Drop paragraphs that repeat an earlier one exactly or nearly (OCR double scans)."""
    kept: list[str] = []
    earlier: list[tuple[str, Counter]] = []  # paragraphs long enough to compare
    for para in body.split("\n"):
        if len(para) >= 20:
            chars = Counter(para)
            if any(_near_duplicate(para, chars, prev, prev_chars, threshold) for prev, prev_chars in earlier):
                continue
            earlier.append((para, chars))
        kept.append(para)
    return "\n".join(kept)


def _near_duplicate(a: str, a_chars: Counter, b: str, b_chars: Counter, threshold: float) -> bool:
    if a == b:
        return True
    total = len(a) + len(b)
    if abs(len(a) - len(b)) > 0.2 * max(len(a), len(b)):
        return False
    # Shared characters bound the similarity from above (difflib's quick_ratio, computed
    # from counts made once per paragraph): most pairs of different paragraphs stop here.
    if 2 * sum((a_chars & b_chars).values()) < threshold * total:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold
