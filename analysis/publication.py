"""Publication lines: where and when a text was published, recognised as metadata.

Sources print the paper or site and the date in lines around an article; none of them is a
headline, a byline or body text:
- page mastheads: `三晋工人报 2022年6月8日 星期三 第05版：工会`, bulletin heads
  (`工会工作简报` / `第12期` / `湖南省总工会办公室编  2021年6月18日`);
- e-paper article lines: `《燕赵职工报》（2019年07月18日 03版）`;
- web reposts: `发布时间: 2021-05-12 10:31:07  来源: 齐鲁职工网`, `2019-12-20 15:03:11 京工网 | 编辑：马骁`,
  `作者：… 编辑：…`, `字号：大 中 小`, `浏览次数：1234`;
- WeChat reposts: `原创 拱墅区总工会 拱墅工会`, `2023-08-15 18:30 发表于浙江`, `阅读 2345`;
- closing lines: `（来源：某某日报）`, `（某某日报 2021-10-09）`, `（责任编辑：…）`;
- photo credits (`本报记者 王海 摄`) and page furniture (breadcrumbs, print/close links,
  copyright lines, page footers, share buttons).

`read_line` tells what a line is and what it gives (source, ISO date, byline); the splitter
decides which article it belongs to.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    """What a publication line does."""

    MASTHEAD = "masthead"  # names and dates the page: every article under it until the next
    PUBLICATION = "publication"  # names or dates the article next to it
    CLOSING = "closing"  # ends the article above it (trailing source or editor line)
    CREDIT = "credit"  # a photo credit: belongs to the article above, never a byline below
    FURNITURE = "furniture"  # navigation, buttons, footers: nothing to keep


@dataclass(frozen=True)
class PubLine:
    role: Role
    source: str = ""
    date: str = ""  # ISO
    byline: str = ""
    text: str = ""  # the line itself (the evidence shown for a date)
    cited: bool = False  # the source is the original a repost cites (来源：…, 转自…, 以下文章来源于…)


_CJK = r"\u4e00-\u9fff"
_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?!\d)")
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
_PAGE = re.compile(r"(?:第\s*[\d一二三四五六七八九十]{1,3}\s*版|\d{1,5}\s*版|[A-Z]\d{1,2}\s*版?)")
_ISSUE = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,4}\s*期(?:\s*[（(]\s*总第\s*\d+\s*期\s*[)）])?")
# A publication's name: a short name ending in what papers, sites, apps and bulletins are called.
ISSUE_LINE = re.compile(r"^(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,4}\s*期")  # 2018年第17期（总第342期）
_OUTLET = (r"[" + _CJK + r"A-Za-z·]{1,14}?(?:日报|晚报|早报|晨报|工人报|职工报|工报|时报|周报|导报|商报|报"
           r"|网|客户端|APP|简报|信息|通讯|快报|专报|周刊|杂志|电视台|广播电视台|融媒体中心|公众号)")
_PAPER_IN_BOOK_MARKS = re.compile(r"《([^》]{2,16})》")
_LABELS = (r"文\s*/\s*图|发布时间|出版日期|刊发日期|发布日期|发表时间|发稿时间|更新时间|时间|日期|信息来源|稿件来源|来源|稿源|转自|转载自|摘自"
           r"|作者|撰稿|文|图|摄影|摄像|视频|编辑|责任编辑|责编|审核|审校|校对|终审|美术编辑|版式|本版责编|本版责任编辑"
           r"|本版编辑|字号|浏览次数|浏览量|阅读量|阅读数|点击数|点击量|点击|访问量|发布者|供稿|通讯员")
_FIELD = re.compile(rf"({_LABELS})\s*[:：|｜/]\s*")
_SOURCE_LABELS = {"信息来源", "稿件来源", "来源", "稿源", "转自", "转载自", "摘自"}
_BYLINE_LABELS = {"作者", "撰稿", "文", "通讯员", "文/图"}
_CREDIT = re.compile(rf"^[（(]?\s*(?:本报|本刊|本网)?(?:记者|通讯员|特约记者|实习生|首席记者|见习记者)?[\s{_CJK}·、]{{0,24}}"
                     r"(?:摄影报道|摄|供图|图)\s*[)）]?$")
_FURNITURE = re.compile(
    r"^[◀▶←→<>《》\s]*(?:上一篇|下一篇|上一条|下一条|返回|关闭|打印|分享到|分享|在看|赞|点赞|收藏|推荐|留言|写留言|阅读原文"
    r"|点击蓝字\s*关注我们|点击上方.{0,12}关注|长按.{0,10}(?:识别|关注).{0,12}|扫一扫.{0,20}|语音播报|放大\s*缩小\s*默认"
    r"|(?:上一篇|下一篇)\s*[:：].{1,60}|下载客户端.{0,12}|关于我们.{0,40}|版权所有.{0,30}|本期要目|目\s*录|(?:星期|礼拜)[一二三四五六日天])"
    r"(?:[\s◀▶←→<>]*(?:上一篇|下一篇)[\s◀▶←→<>]*)?$")
_BUTTONS = re.compile(r"^(?:\s*[【\[]\s*(?:打印|关闭|返回|收藏|字体|字号|大|中|小|打印本页|关闭窗口|返回顶部|推荐|分享"
                      r"|纠错|评论|打印文章|加入收藏|我要纠错)(?:[:：]\s*大\s*中\s*小)?\s*[】\]]\s*)+$")  # 【打印】【关闭】
_BREADCRUMB = re.compile(r"^(?:(?:当前位置|您现在的位置|您的位置|所在位置|现在位置)\s*[:：]?\s*)?[" + _CJK + r"\w]{1,10}(?:\s*[>＞»›]\s*[" + _CJK + r"\w]{1,12}){1,6}\s*$")
_COPYRIGHT = re.compile(r"(?:Copyright|©|版权所有|ICP备|备案号)", re.IGNORECASE)
_PAGE_FOOTER = re.compile(r"^(?:[—–\-－]\s*\d{1,3}\s*[—–\-－]|第\s*\d{1,3}\s*页\s*(?:[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
_RULE = re.compile(r"^[─━═—\-_=~·\s]{6,}$")
# A repost's legal footer: 特别声明：本文转载自其他媒体…, 免责声明：…, 转载请注明出处
_DISCLAIMER = re.compile(r"^[（(]?\s*(?:(?:特别|免责|版权)声明\s*[:：]|本文(?:系|为)?转载自|转载请(?:注明|联系))")
_COUNTER = re.compile(r"^(?:阅读|在看|赞|点赞|分享|浏览|推荐)\s*[\d.]+\s*万?\+?(?:\s+(?:在看|赞|点赞|分享)\s*[\d.]*万?)*$")
_WECHAT_ORIGINAL = re.compile(rf"^原创\s+([{_CJK}A-Za-z0-9·]{{2,20}})(?:\s+([{_CJK}A-Za-z0-9·]{{2,20}}))?$")
_RELATIVE_STAMP = re.compile(r"^(?:昨天|前天|今天|\d{1,2}\s*(?:分钟|小时|天)前)\s*(?:\d{1,2}:\d{2})?\s*(?:发表于\s*\S{2,8})?$")
_SITE_HEAD = re.compile(rf"^({_OUTLET}?)(?:官方网站|官网|电子版|数字报|电子报|数字版)(?:\s*[|｜].{{0,20}})?$")
_WECHAT_FROM = re.compile(rf"^以下文章来源于\s*([{_CJK}A-Za-z0-9·]{{2,20}})")
_PUBLISHED_IN = re.compile(rf"发表于\s*[{_CJK}]{{2,8}}$")
_ISSUED_BY = re.compile(rf"^([{_CJK}]{{2,20}}?(?:办公室|宣传部|宣教部|秘书处|总工会|工会))\s*(?:编印|编)?\s*$")
_CLOSING_SOURCE = re.compile(r"^[（(]\s*(?:来源|稿源|转自|摘自|信息来源)\s*[:：]\s*([^()（）]{2,40})\s*[)）]$")
_CLOSING_PAPER_DATE = re.compile(rf"^[（(]\s*({_OUTLET})\s*[,，]?\s*(.+?)\s*[)）]$")


def iso_date(text: str) -> str:
    """The first valid calendar date in `text` as ISO (2023-09-07), else ""."""
    for match in _DATE.finditer(text):
        year = int(match.group(1))
        month, day = (match.group(3), match.group(4)) if match.group(2) else (match.group(5), match.group(6))
        try:
            return dt.date(year, int(month), int(day)).isoformat()
        except (TypeError, ValueError):
            continue
    return ""


def _outlet_name(text: str) -> str:
    """The publication named in a source field: 《X》 when given (中工网——《X》), else the text
    up to the next separator."""
    if match := _PAPER_IN_BOOK_MARKS.search(text):
        return match.group(1)
    text = _DATE.sub(" ", text)
    text = _TIME.sub(" ", text)
    name = re.split(r"\s{2,}|[|｜]|\s+(?=[" + _CJK + r"]{1,6}\s*[:：])", text.strip())[0]
    return name.strip(" 　-—：:，,、").split("——")[0].strip()


def _rest(line: str, *patterns: re.Pattern) -> str:
    for pattern in patterns:
        line = pattern.sub(" ", line)
    return line.strip(" 　|｜/-—:：，,、·")


@functools.lru_cache(maxsize=8192)  # the splitter asks about a line several times
def read_line(line: str) -> PubLine | None:
    """What a publication line says, or None for a line of the text itself."""
    text = line.strip()
    if not text:
        return None
    if (_FURNITURE.match(text) or _BUTTONS.match(text) or _BREADCRUMB.match(text) or _PAGE_FOOTER.match(text)
            or _RULE.match(text) or _COUNTER.match(text) or _DISCLAIMER.match(text)
            or (len(text) <= 60 and _COPYRIGHT.search(text))):
        return PubLine(Role.FURNITURE, text=text)
    if _RELATIVE_STAMP.match(text):  # 昨天 18:30: published, but no date to keep
        return PubLine(Role.PUBLICATION, text=text)
    if match := _SITE_HEAD.match(text):  # 龙江工人报官方网站 | 龙工网首页
        return PubLine(Role.MASTHEAD, source=match.group(1), text=text)
    if match := _WECHAT_ORIGINAL.match(text):
        return PubLine(Role.PUBLICATION, source=match.group(2) or match.group(1), text=text)
    if match := _WECHAT_FROM.match(text):
        return PubLine(Role.PUBLICATION, source=match.group(1), text=text, cited=True)
    if match := _CLOSING_SOURCE.match(text):
        return PubLine(Role.CLOSING, source=_outlet_name(match.group(1)), date=iso_date(match.group(1)), text=text,
                       cited=True)
    if (match := _CLOSING_PAPER_DATE.match(text)) and iso_date(match.group(2)) and not _rest(match.group(2), _DATE, _TIME, _PAGE):
        return PubLine(Role.CLOSING, source=match.group(1), date=iso_date(match.group(2)), text=text)
    if len(text) <= 40 and _CREDIT.match(text) and _CREDITED.search(text):
        return PubLine(Role.CREDIT, text=text)
    return _masthead(text) or _publication(text)


_CREDITED = re.compile(r"(?:摄影报道|摄|供图)\s*[)）]?$")
_BARS = re.compile(r"\s*[|｜]\s*")
_OUTLET_IN_LINE = re.compile(rf"(?:^|\s)《?({_OUTLET})》?(?=\s|$|(?:19|20)\d{{2}})")
# What every name `_OUTLET` matches ends in: a line without any of these names no outlet.
_OUTLET_WORD = re.compile("报|网|客户端|APP|信息|通讯|周刊|杂志|电视台|融媒体中心|公众号")
_PAGE_NUMBER = re.compile(r"(?:^|(?<=\s))\d{1,3}(?=[" + _CJK + r"\s]|$)")
_PAGE_NAME = re.compile(rf"[{_CJK}]{{1,8}}")


def _masthead(text: str) -> PubLine | None:
    """A page's masthead or running header: outlet, date, weekday, page (any of them, at least
    an outlet or a date), and nothing else but the page's name. A date alone on its line
    dates the page (or, under a headline, its article)."""
    if len(text) > 60:
        return None
    text = _BARS.sub("  ", text)  # 沂蒙职工报｜2025年1月8日｜星期三｜第01版
    date = iso_date(text)
    if date and _ISSUED_BY.match(_rest(text, _DATE)):  # 湖南省总工会办公室编  2021年6月18日
        return PubLine(Role.MASTHEAD, date=date, text=text)
    # The outlet opens the line, or follows the page number and name (2  要闻    天府工人报 …).
    outlet = _OUTLET_IN_LINE.search(text) if _OUTLET_WORD.search(text) else None
    page = _PAGE.search(text)
    if not date and outlet is None and page is None and not (len(text) <= 24 and _ISSUE.fullmatch(text.strip())):
        return None  # none of the returns below: most lines of text
    rest = text if outlet is None else text[:outlet.start()] + " " + text[outlet.end():]
    rest = _rest(rest, _DATE, _WEEKDAY, _PAGE, _ISSUE)
    # What may remain: a page number and the page's name (3综合新闻, ：工会, 2  要闻).
    rest = _PAGE_NUMBER.sub(" ", rest).strip(" 　:：")
    if rest and not _PAGE_NAME.fullmatch(rest):
        return None
    if outlet and not date and not page and rest and not text.startswith(outlet.group(0).strip()):
        return None
    if outlet and (date or page or _ISSUE.search(text) or not rest and text.strip("《》 ") == outlet.group(1)):
        return PubLine(Role.MASTHEAD, source=outlet.group(1), date=date, text=text)
    if date and (not rest or page):
        return PubLine(Role.MASTHEAD, date=date, text=text)
    if not date and (page or _ISSUE.fullmatch(text.strip())) and len(text) <= 24:
        return PubLine(Role.MASTHEAD, text=text)
    return None


_PAPER_AND_DATE = re.compile(r"《([^》]{2,16})》\s*[（(]\s*(.+?)\s*[)）]")  # 《燕赵职工报》（2019年07月18日 03版）


def _publication(text: str) -> PubLine | None:
    """A line of labelled fields and date-time stamps (web and WeChat reposts, e-paper lines)."""
    if len(text) > 120:
        return None
    date = iso_date(text)
    if match := _PAPER_AND_DATE.fullmatch(text):
        if iso_date(match.group(2)):
            return PubLine(Role.PUBLICATION, source=match.group(1), date=iso_date(match.group(2)), text=text)
    fields = list(_FIELD.finditer(text))
    source, byline = "", ""
    for n, field in enumerate(fields):
        end = fields[n + 1].start() if n + 1 < len(fields) else len(text)
        value = text[field.end():end].strip()
        if field.group(1) in _SOURCE_LABELS and not source:
            source = _outlet_name(value)
        elif re.sub(r"\s", "", field.group(1)) in _BYLINE_LABELS and not byline:
            byline = re.split(r"\s{2,}|[|｜]", value)[0].strip()
    head = text[:fields[0].start()] if fields else text
    stamp = _DATE.search(head)
    if fields:
        # Before the first field only a date-time stamp (and maybe an outlet) may stand.
        before = _rest(head.lstrip("（("), _DATE, _TIME, _WEEKDAY)
        if before and not re.fullmatch(_OUTLET, before):
            return None
        if before and not source:
            source = before
        if not (source or date or byline):  # editors, font size, view counts: nothing to keep
            closing = text.startswith(("（", "(")) and text.endswith(("）", ")"))
            return PubLine(Role.CLOSING if closing else Role.FURNITURE, text=text)
        cited = any(field.group(1) in _SOURCE_LABELS for field in fields)
        return PubLine(Role.PUBLICATION, source=source, date=date, byline=byline, text=text, cited=cited)
    if stamp and _TIME.search(text):
        # 2019-12-20 15:03:11 京工网 | …, 2023-08-15 18:30 发表于浙江
        rest = _rest(_PUBLISHED_IN.sub(" ", text), _DATE, _TIME, _WEEKDAY)
        rest = re.split(r"\s*[|｜]\s*", rest)[0].strip()
        # An outlet, or a short name (a WeChat account: 开封工会) before a date and a time of day.
        if not rest or re.fullmatch(_OUTLET, rest) or re.fullmatch(rf"[{_CJK}A-Za-z0-9·]{{2,12}}", rest):
            return PubLine(Role.PUBLICATION, source=rest, date=date, text=text)
        return None
    if stamp and not _rest(text, _DATE, _WEEKDAY):
        return PubLine(Role.PUBLICATION, date=date, text=text)  # a date alone on its line
    return None
