"""Split a newspaper page into articles: headline, subtitle, byline, body, captions.

A page is a sequence of lines. Each line gets a kind (heading, body, byline, caption, kicker,
source, ad, debris); a run of heading lines that is followed by a byline, a subtitle
("——…"), a news lead ("本报讯") or that stands at the top of the page opens a new
article, while a lone short heading between body paragraphs is a subhead and stays in the
body. Cleaning (OCR commas, broken paragraphs, repeated paragraphs) happens here too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

SENTENCE_END = "。！？!?…”』」）)"
MAX_HEADING_CHARS = 34

_CAPTION_START = re.compile(r"^\s*(?:[↑↓←→▲△▼▽◀▶↖↗↘↙]|图为|图：|图:|上图|下图|左图|右图)")
_CAPTION_END = re.compile(r"(?:摄|供图|图片由.{1,30}提供|提供图片)\s*$")
_BYLINE = re.compile(
    r"^\s*(?:□|■|◎|●)?\s*(?:本报(?:特约)?(?:记者|通讯员)|驻.{1,6}记者|记者|通讯员|特约记者|实习生|见习记者)"
)
_BYLINE_MARK = re.compile(r"^\s*[□■◎●]\s*\S")
_TITLE_OF_PERSON = re.compile(
    r"(?:主席|书记|局长|部长|处长|主任|经理|董事长|总经理|委员|会长|秘书长|校长|院长|所长)\s*\S{2,4}$"
)
_SOURCE = re.compile(r"^\s*[(（]?\s*(?:来源|稿源|转自|摘自)\s*[:：]\s*(.+?)[)）]?\s*$")
_KICKER = re.compile(r"^\s*[【\[](.{1,12})[】\]]\s*$")
_LEAD = re.compile(r"^\s*(?:本报讯|本报[^\s，,。]{0,8}电|新华社|据.{0,10}报道|记者.{0,20}(?:获悉|了解到))")
_AD = re.compile(r"(?:招商公告|招标公告|广告|声明|遗失|征订|启事|热线[:：]?\s*\d)")
_DEBRIS = re.compile(r"^[\W\d_a-zA-Z]{0,6}$")
_OCR_COMMA = re.compile(r"(?<=[\u4e00-\u9fff”’）》」』])\s*,\s*(?=[\u4e00-\u9fff“‘（《「『])")
_OCR_SEMI = re.compile(r"(?<=[\u4e00-\u9fff”’）])\s*;\s*(?=[\u4e00-\u9fff“‘（《])")
_OCR_COLON = re.compile(r"(?<=[\u4e00-\u9fff])\s*:\s*(?=[\u4e00-\u9fff“《])")
_OCR_PAREN = re.compile(r"\(([^()\n]{0,40})\)")
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


def clean_ocr(text: str) -> str:
    """Repair ASCII punctuation inside Chinese text (`,` → `，`, `;` → `；`, `(…)` → `（…）`)."""
    text = _OCR_COMMA.sub("，", text)
    text = _OCR_SEMI.sub("；", text)
    text = _OCR_COLON.sub("：", text)
    text = _OCR_PAREN.sub(
        lambda m: f"（{m.group(1)}）" if re.search(r"[\u4e00-\u9fff]", m.group(1)) else m.group(0),
        text,
    )
    return text


def page_lines(text: str) -> list[str]:
    """Non-empty, stripped, OCR-cleaned lines of a page, with mid-sentence breaks rejoined."""
    lines = [clean_ocr(line.strip()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    return _join_broken_lines(lines)


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin a paragraph that the layout broke mid-sentence.

    A long line that does not end a sentence, followed by a line that does not start like a
    heading, is one paragraph (e.g. "…注重典型的培养、选树和宣传" + "工作，营造…").
    """
    out: list[str] = []
    for line in lines:
        if out:
            prev = out[-1]
            prev_is_body_fragment = len(prev) > MAX_HEADING_CHARS and prev[-1] not in SENTENCE_END
            starts_like_continuation = (
                not _CAPTION_START.match(line)
                and not _BYLINE.match(line)
                and not _KICKER.match(line)
                and not _SOURCE.match(line)
                and line[0] not in "“「《【□■——"
            )
            if prev_is_body_fragment and starts_like_continuation:
                out[-1] = prev + line
                continue
        out.append(line)
    return out


def classify_line(line: str) -> str:
    """Kind of one page line: caption, byline, source, kicker, ad, debris, heading or body."""
    if _CAPTION_START.match(line) or (len(line) <= 40 and _CAPTION_END.search(line)):
        return "caption"
    if _SOURCE.match(line):
        return "source"
    if _KICKER.match(line):
        return "kicker"
    if len(line) <= 60 and (_BYLINE.match(line) or _BYLINE_MARK.match(line)):
        return "byline"
    if len(line) <= 40 and line[-1] not in SENTENCE_END and _TITLE_OF_PERSON.search(line) and " " in line:
        return "byline"
    if len(line) <= 12 and _AD.search(line):
        return "ad"
    if _DEBRIS.match(line):
        return "debris"
    if len(line) <= MAX_HEADING_CHARS and line[-1] not in "。；;，,":
        return "heading"
    return "body"


def split_page(text: str) -> list[ArticleParts]:
    """Cut a page's text into articles."""
    lines = page_lines(text)
    kinds = [classify_line(line) for line in lines]
    articles: list[ArticleParts] = []
    current: ArticleParts | None = None
    pending_captions: list[str] = []
    pending_kicker = ""
    in_ad = False
    i = 0
    while i < len(lines):
        kind, line = kinds[i], lines[i]
        if kind == "ad":
            in_ad = True
            i += 1
            continue
        if kind == "caption":
            (current.captions if current else pending_captions).append(line)
            i += 1
            continue
        if kind == "debris":
            i += 1
            continue
        if kind == "kicker":
            pending_kicker = _KICKER.match(line).group(1)
            i += 1
            continue
        if kind == "source":
            if current is not None:
                current.source = _paper_name(_SOURCE.match(line).group(1))
            i += 1
            continue
        if kind in ("heading", "byline"):
            j = i
            block: list[tuple[str, str]] = []
            while j < len(lines) and kinds[j] in ("heading", "byline", "kicker"):
                block.append((kinds[j], lines[j]))
                j += 1
            next_body = lines[j] if j < len(lines) else ""
            if _opens_article(block, next_body, current, pending_kicker):
                in_ad = False
                current = _new_article(block, pending_kicker)
                current.captions.extend(pending_captions)
                pending_captions, pending_kicker = [], ""
                articles.append(current)
            elif current is not None and not in_ad:
                for k, text_line in block:
                    if k == "heading":
                        current.headings.append(text_line)
                        current.body += ("\n" if current.body else "") + text_line
                    elif not current.byline:
                        current.byline = text_line
            i = j
            continue
        # body line
        if in_ad:
            i += 1
            continue
        if current is None:
            current = ArticleParts(kicker=pending_kicker)
            pending_kicker = ""
            articles.append(current)
        current.body += ("\n" if current.body else "") + line
        i += 1
    for art in articles:
        art.body = dedupe_paragraphs(art.body)
        if not art.title:
            art.title = _fallback_title(art)
    return [a for a in articles if a.body.strip()]


def _opens_article(
    block: list[tuple[str, str]], next_body: str, current: ArticleParts | None, kicker: str
) -> bool:
    headings = [text for kind, text in block if kind == "heading"]
    if not headings:
        return False
    if current is None or kicker:
        return True
    if any(kind == "byline" for kind, _ in block):
        return True
    if any(text.startswith("——") for text in headings):
        return True
    if _LEAD.match(next_body):
        return True
    return len(headings) >= 2 and not next_body[:1].isdigit()


def _new_article(block: list[tuple[str, str]], kicker: str) -> ArticleParts:
    art = ArticleParts(kicker=kicker)
    headings = [text for kind, text in block if kind == "heading"]
    bylines = [text for kind, text in block if kind == "byline"]
    subtitles = [h for h in headings if h.startswith("——") or h.endswith("——")]
    mains = [h for h in headings if h not in subtitles]
    art.title = max(mains, key=len) if mains else (subtitles[0].strip("—") if subtitles else "")
    art.subtitle = "；".join(h.strip("—") for h in subtitles + [m for m in mains if m != art.title])
    art.byline = "；".join(b.lstrip("□■◎● ") for b in bylines)
    return art


def _fallback_title(art: ArticleParts) -> str:
    first = art.body.split("\n", 1)[0]
    sentence = re.split(r"[。！？]", first, maxsplit=1)[0]
    return sentence[:30]


def _paper_name(source_text: str) -> str:
    match = _NEWSPAPER.search(source_text)
    return match.group(1) if match else source_text.strip("《》 ")


def dedupe_paragraphs(body: str, *, threshold: float = 0.9) -> str:
    """Drop paragraphs that repeat an earlier one exactly or nearly (OCR double scans)."""
    kept: list[str] = []
    for para in body.split("\n"):
        if len(para) >= 20 and any(_near_duplicate(para, prev, threshold) for prev in kept):
            continue
        kept.append(para)
    return "\n".join(kept)


def _near_duplicate(a: str, b: str, threshold: float) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 20 or abs(len(a) - len(b)) > 0.2 * max(len(a), len(b)):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold
