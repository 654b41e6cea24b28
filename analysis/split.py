"""Cut a newspaper page into articles: headline, subtitle, byline, body, captions, and where
and when each was published.

The page's lines come cleaned and classified (`lines`); a `_Cutter` walks them with one small
handler per `LineKind`. A run of heading lines followed by a byline, a subtitle ("——…"), a
news lead ("本报讯") or standing at the top of the page opens an article (`titles` picks its
headline); a lone short heading between paragraphs is a subhead and stays in the body; a
second news lead after a finished item opens a headline-less one (a brief). Publication lines
name and date the article they stand by, a masthead every article under it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from enum import Enum

import numpy as np

from .lines import (
    HEAD_KINDS, ITEM_LEAD, LEAD, MARKS, SENTENCE_END, SOURCE, Line, LineKind, classify_page, continues,
)
from .publication import PubLine, Role, read_line
from .titles import head_of, is_box_label, kicker_text, names_actor

PlacesOf = Callable[[str], set[str]]

MIN_ARTICLE_CHARS = 40
PHOTO_ITEM_PARAGRAPHS = 2  # a credited item with fewer paragraphs is photo news: its credit ends it
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}(?:\s|[、.．])|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[，、,\s])")
_PAPER_IN_DATELINE = re.compile(r"[（(]([\u4e00-\u9fff]{1,8}(?:日报|晚报|早报|时报|商报|报))(?:社)?(?:记者|通讯员|首席记者|特约记者)")
_NEWSPAPER = re.compile(r"《([^》]{2,12}(?:报|日报|晚报|周刊|杂志))》")
# A headline whose subject is a federation of unions at work (省总工会下拨…, 市总工会举办…),
# not a section title that mentions unions (充分发挥工会“纽带”作用).
_ACTING_UNION = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:总工会|全总)[：:]?[\u4e00-\u9fff“]{2,}")
_PUBLISHER = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·]{2,12}$")
_CAPTION_MARKS = "↑↓←→▲△▼▽◀▶↖↗↘↙ "


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
    date: str = ""  # ISO publication date, from the article's own publication line or the page's masthead
    date_line: str = ""  # the line that gave `date` (shown as the year's evidence)
    source_cited: bool = False  # `source` names the original a repost cites
    weak_start: bool = False  # opened only because several short lines were stacked

    def add_paragraph(self, text: str) -> None:
        last = self.body.rsplit("\n", 1)[-1]
        joiner = "" if self.body and continues(last, text) else "\n"
        self.body += (joiner if self.body else "") + text

    def take_publication(self, pub: PubLine) -> None:
        """Its own publication line: source, date and byline (first one wins; a cited original,
        来源：… or 以下文章来源于…, wins over the account or site that reposted it)."""
        if pub.source and (not self.source or pub.cited and not self.source_cited):
            self.source, self.source_cited = pub.source, pub.cited
        if pub.date and not self.date_line.startswith("发布"):
            self.date, self.date_line = pub.date, f"发布信息：{pub.text}"
        if pub.byline and not self.byline:
            self.byline = pub.byline


class Block(Enum):
    """What a run of heading lines is."""

    OPEN = "open"  # the head of a new article
    OPEN_STACKED = "open-stacked"  # the same, for the weakest reason (several short lines)
    ADOPT = "adopt"  # the headline of the headless article above it (layout moved it)
    MORE_HEAD = "more-head"  # more of the head of an article that has no text yet
    SUBHEAD = "subhead"  # a subhead inside the current article


def split_page(text: str, *, places_of: PlacesOf | None = None) -> list[ArticleParts]:
    """Cut a page's text into articles.

    `places_of` (text → place codes: 2 digits for a province, 4 for a city, 6 for a district)
    lets a lone heading that names another city, district union or province start a new
    article instead of being read as a subhead.
    """
    cutter = _Cutter(classify_page(text), places_of)
    cutter.run()
    return cutter.finished()


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


class _Cutter:
    """The state of cutting one page; one handler per line kind."""

    def __init__(self, lines: list[Line], places_of: PlacesOf | None):
        self.lines = lines
        self.places_of = places_of
        self.page = _PageMeta(source=_page_paper([line.text for line in lines]))
        self.articles: list[ArticleParts] = []
        self.current: ArticleParts | None = None
        self.pending_pubs: list[PubLine] = []  # publication lines seen before their article
        self.pending_captions: list[str] = []
        self.pending_kicker = ""
        self.closed = False  # the current article ended (source line, credit, ad)
        self.in_ad = False
        self.handlers = {
            LineKind.META: self.on_meta, LineKind.AD: self.on_ad, LineKind.CAPTION: self.on_caption,
            LineKind.DEBRIS: self.on_debris, LineKind.SOURCE: self.on_source, LineKind.NOTE: self.on_note,
            LineKind.BODY: self.on_body,
        }

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.kind in HEAD_KINDS and not self._lone_kicker(i):
                i = self.on_head(i)
            elif line.kind is LineKind.KICKER:
                self.pending_kicker = kicker_text(line.text)
                i += 1
            else:
                self.handlers[line.kind](line)
                i += 1

    # -- articles -------------------------------------------------------------------------
    def open(self, article: ArticleParts) -> ArticleParts:
        """Start `article`: it takes the publication lines seen before it, then the masthead's."""
        for pub in self.pending_pubs:
            article.take_publication(pub)
        self.pending_pubs.clear()
        article.source = article.source or self.page.source
        if not article.date and self.page.date:
            article.date, article.date_line = self.page.date, f"版面日期：{self.page.line}"
        article.captions.extend(self.pending_captions)
        self.pending_captions, self.pending_kicker = [], ""
        self.in_ad = self.closed = False
        self.articles.append(article)
        self.current = article
        return article

    @property
    def open_article(self) -> ArticleParts | None:
        """The article that lines may still be added to."""
        return self.current if self.current is not None and not self.closed else None

    # -- one handler per kind ------------------------------------------------------------------
    def on_meta(self, line: Line) -> None:
        pub, current = line.pub, self.open_article
        if pub.role is Role.MASTHEAD:
            self.page.read(pub)
            if current is not None and not current.body:
                current.take_publication(pub)  # printed under the headline: the article's own line
        elif pub.role is Role.CREDIT:
            if current is None and self.pending_captions:
                current = self.open(ArticleParts())  # ↑… / credit: a photo item of its own
            self.on_caption(line)
            if current is not None and current.body.count("\n") < PHOTO_ITEM_PARAGRAPHS:
                self.closed = True  # the credit ends a photo item; a long article goes on after its photo
        elif pub.role is Role.CLOSING:
            if self.current is not None:
                self.current.take_publication(pub)
                self.closed = True
        elif pub.role is Role.PUBLICATION:
            if current is not None and not current.body:
                current.take_publication(pub)  # under its headline
            elif current is not None and pub.source and not pub.date:
                current.take_publication(pub)  # 来源：… after the text closes it
                self.closed = True
            else:
                self.pending_pubs.append(pub)  # above the next headline

    def on_ad(self, line: Line) -> None:
        self.in_ad = self.closed = True

    def on_caption(self, line: Line) -> None:
        current = self.open_article
        (current.captions if current is not None else self.pending_captions).append(line.text)

    def on_debris(self, line: Line) -> None:
        pass

    def on_source(self, line: Line) -> None:
        if self.current is not None:
            self.current.source = _paper_name(SOURCE.match(line.text).group(1))
        self.closed = True

    def on_note(self, line: Line) -> None:
        if self.current is not None and not self.in_ad:
            self.current.body += ("\n" if self.current.body else "") + line.text

    def on_body(self, line: Line) -> None:
        if self.in_ad:
            return
        current = self.open_article
        if current is None or self.pending_kicker or _next_item(current, line.text):
            current = self.open(ArticleParts(kicker=self.pending_kicker))
        current.add_paragraph(line.text)

    def on_head(self, i: int) -> int:
        """A run of heading-like lines from `i`; returns the index after what it used."""
        j = i
        while j < len(self.lines) and self.lines[j].kind in HEAD_KINDS:
            j += 1
        block = self.lines[i:j]
        following = self.lines[j] if j < len(self.lines) else None
        if len(block) >= 2 and following is not None and _names_its_publisher(block[-1].text, following.pub):
            # 芝罘区：…升级了！ / 烟台工会 / 2018年11月22日 20:05: the account that published it
            following.pub = replace(following.pub, source=block[-1].text)
            block = block[:-1]
        next_text = following.text if following is not None and following.kind is not LineKind.META else ""
        if len(block) == 1 and is_box_label(block[0].text.lstrip(MARKS)) and ITEM_LEAD.match(next_text):
            # 新闻速递 over headline-less items: the box's label; each item an article
            self.pending_kicker, self.closed = block[0].text.lstrip(MARKS), True
            return j
        role = self._block_role(block, next_text)
        if role in (Block.OPEN, Block.OPEN_STACKED):
            head = head_of(block, self.pending_kicker, self.places_of)
            article = self.open(ArticleParts(title=head.title, subtitle=head.subtitle, kicker=head.kicker,
                                             byline=head.byline))
            article.weak_start = role is Block.OPEN_STACKED
        elif role is Block.MORE_HEAD:
            for line in block:
                text = line.text.strip(" .。")
                if line.kind is LineKind.HEADING and text and text != self.current.source:
                    # a repost's account card (巴蜀职工报 / 四川职工的贴心读本) or a subtitle
                    self.current.subtitle = "；".join(x for x in (self.current.subtitle, text) if x)
        elif role is Block.ADOPT:
            cut = _end_of_first_byline_run(block)
            head = head_of(block[:cut], places_of=self.places_of)
            self.current.title, self.current.subtitle = head.title, head.subtitle
            self.current.byline = self.current.byline or head.byline
            return i + cut
        elif self.current is not None and not self.in_ad:
            for line in block:
                if line.kind is LineKind.HEADING:
                    self.current.body += ("\n" if self.current.body else "") + line.text
                elif line.kind is LineKind.BYLINE and not self.current.byline:
                    self.current.byline = line.text.lstrip("□■◎● ")
        return j

    def _lone_kicker(self, i: int) -> bool:
        """A kicker with no headline under it: a label for what follows."""
        line = self.lines[i]
        following = self.lines[i + 1].kind if i + 1 < len(self.lines) else None
        return line.kind is LineKind.KICKER and following not in (LineKind.HEADING, LineKind.BYLINE, LineKind.BANNER)

    def _block_role(self, block: list[Line], next_text: str) -> Block:
        """What a run of heading-like lines is (see Block)."""
        headings = [line.text for line in block if line.kind is LineKind.HEADING]
        kinds = {line.kind for line in block}
        current = self.current
        if not headings:
            return Block.SUBHEAD
        if current is None or self.pending_kicker or self.closed:
            return Block.OPEN
        if current.title and not current.body and not LEAD.match(next_text) and len(headings) < 3:
            return Block.MORE_HEAD  # under the headline and its publication lines, before the text
        numbered = any(_NUMBERED.match(h) for h in headings)
        if not current.title and LineKind.BYLINE in kinds and len(headings) <= 2 and not numbered:
            return Block.ADOPT  # a headline printed after its body (layout moved it)
        if kinds & {LineKind.KICKER, LineKind.BANNER, LineKind.BYLINE}:
            return Block.OPEN
        if any(h.startswith("——") or h.endswith("——") for h in headings):
            return Block.OPEN
        if LEAD.match(next_text):
            return Block.OPEN
        if numbered:
            return Block.SUBHEAD
        if len(headings) >= 2:
            return Block.OPEN_STACKED  # weakest reason: may be a list of short lines
        if self.places_of is not None and _names_other_places(headings[-1], next_text, current, self.places_of):
            return Block.OPEN
        if _ACTING_UNION.match(headings[-1]):
            return Block.OPEN  # 省总工会下拨…: a union acting is a headline, not a section title
        return Block.SUBHEAD

    # -- the result ----------------------------------------------------------------------------
    def finished(self) -> list[ArticleParts]:
        if self.pending_pubs and self.current is not None:
            for pub in self.pending_pubs:  # printed after the text: the last article's
                self.current.take_publication(pub)
        if self.pending_captions:  # photos after the last article (↑7月22日，…): an item of their own
            self.open(ArticleParts(kicker=self.pending_kicker))
        articles = _merge_fragments(self.articles)
        for article in articles:
            if not article.body.strip() and article.captions:
                _captions_as_report(article)
            article.body = dedupe_paragraphs(article.body)
            _closing_source(article)
            article.source = article.source or _named_paper(article)
        return [a for a in articles if a.body.strip()]


def _names_other_places(heading: str, next_text: str, current: ArticleParts, places_of: PlacesOf) -> bool:
    """A lone heading that names a city, a district's union or a province the article so far
    never mentions: the headline of the next article, not a subhead."""
    before = places_of(current.title + "\n" + current.body)
    named = places_of(heading)
    cities = {c for c in named if len(c) == 4}
    if cities and not cities & before:
        return True
    districts = {c for c in named if len(c) == 6}
    if districts and not districts & before and names_actor(heading):
        return True  # 金凤区总工会… after an article about 兴庆区
    before_provinces = {c for c in before if len(c) == 2}
    after_provinces = {c for c in places_of(heading + "\n" + next_text[:20]) if len(c) == 2}
    return bool(before_provinces and after_provinces and not before_provinces & after_provinces)


_INLINE_SOURCE = re.compile(r"[（(]\s*(?:来源|稿源|转自|摘自)\s*[:：]\s*([^()（）]{2,30})\s*[)）]\s*$")


def _closing_source(article: ArticleParts) -> None:
    """（来源：宛都日报） at the end of the last paragraph: the source, out of the text."""
    match = _INLINE_SOURCE.search(article.body)
    if match:
        pub = read_line(match.group(0).strip()) or PubLine(Role.CLOSING, source=_paper_name(match.group(1)))
        article.take_publication(replace(pub, cited=True))
        article.body = article.body[:match.start()].rstrip()


def _next_item(current: ArticleParts, text: str) -> bool:
    """A paragraph that opens with a news lead (本报讯, ■ …) after an article that opened with
    its own and ended a sentence: the next item of a briefs box, with no headline."""
    if not current.body or not ITEM_LEAD.match(text):
        return False
    first = current.body.split("\n", 1)[0]
    return bool(ITEM_LEAD.match(first)) and current.body.rstrip()[-1] in SENTENCE_END


def _names_its_publisher(text: str, pub: PubLine | None) -> bool:
    """A short bare name right above a date-and-time stamp that names nobody: the account or
    site that published the text (WeChat prints the account name on its own line)."""
    return (pub is not None and pub.role is Role.PUBLICATION and not pub.source
            and bool(pub.date or "天" in pub.text) and ":" in pub.text and bool(_PUBLISHER.match(text)))


def _captions_as_report(article: ArticleParts) -> None:
    """Photo news: the caption is the report (图为…, ↑…); the credit stays a caption."""
    text = [c for c in article.captions if (read_line(c) or PubLine(Role.FURNITURE)).role is not Role.CREDIT]
    article.body = "\n".join(c.lstrip(_CAPTION_MARKS) for c in text)
    article.captions = [c for c in article.captions if c not in text]


def _end_of_first_byline_run(block: list[Line]) -> int:
    seen = False
    for n, line in enumerate(block):
        if line.kind is LineKind.BYLINE:
            seen = True
        elif seen:
            return n
    return len(block)


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
    earlier: list[tuple[int, _Paragraph]] = []  # paragraphs long enough to compare, with their lengths
    for para in body.split("\n"):
        n = len(para)
        if n >= 20:
            this = _Paragraph(para)
            # Only paragraphs of about the same length are compared: `_near_duplicate`'s
            # length tests, here, spare a call per pair that they would end.
            if any(_near_duplicate(this, prev, threshold) for m, prev in earlier
                   if m == n or not (abs(n - m) > 0.2 * max(n, m) or 2 * min(n, m) < threshold * (n + m))):
                continue
            earlier.append((n, this))
        kept.append(para)
    return "\n".join(kept)


class _Paragraph:
    """A paragraph, and what comparing it needs, worked out when a comparison first needs it
    (most pairs differ in length too much to get that far)."""

    __slots__ = ("text", "_buckets", "_counts")

    def __init__(self, text: str):
        self.text = text
        self._buckets: np.ndarray | None = None
        self._counts: Counter | None = None

    @property
    def buckets(self) -> np.ndarray:
        """How many of its UTF-16 code units end in each byte value: its characters counted
        in 256 buckets, without making a string of each."""
        if self._buckets is None:
            units = self.text.encode("utf-16-le", "surrogatepass")[::2]
            self._buckets = np.bincount(np.frombuffer(units, dtype=np.uint8), minlength=256)
        return self._buckets

    @property
    def counts(self) -> Counter:
        if self._counts is None:
            self._counts = Counter(self.text)
        return self._counts


def _near_duplicate(first: _Paragraph, second: _Paragraph, threshold: float) -> bool:
    a, b = first.text, second.text
    if a == b:
        return True
    total = len(a) + len(b)
    if abs(len(a) - len(b)) > 0.2 * max(len(a), len(b)):
        return False
    # Shared characters bound the similarity from above (difflib's quick_ratio:
    # 2 × sum((Counter(a) & Counter(b)).values()) / total); most pairs of different
    # paragraphs stop at one of three bounds on that sum, each tighter and dearer: the
    # shorter's length; the same sum over buckets of characters (min(x + y, u + v) ≥
    # min(x, u) + min(y, v); a character outside the BMP fills two buckets, which only
    # adds); the sum itself (min counts over the shared characters, without a Counter).
    if 2 * min(len(a), len(b)) < threshold * total:
        return False
    if 2 * int(np.minimum(first.buckets, second.buckets).sum()) < threshold * total:
        return False
    a_counts, b_counts = first.counts, second.counts
    shared = a_counts.keys() & b_counts.keys()
    if 2 * sum(map(min, map(a_counts.__getitem__, shared), map(b_counts.__getitem__, shared))) < threshold * total:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold
