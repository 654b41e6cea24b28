"""Extract the figures a report gives: value, unit, qualifier, subject, category, sentence.

"参赛职工40万余人次" → 400000 人次, qualifier 余, subject 参赛职工, category people.
A figure is a number (Arabic or Chinese, with 万/亿/千) followed by a measure word from
`resources/metric_units.yaml` (a classifier list, see its header), or by a people noun
(两万多一线职工 → 人). A bare magnitude is the number itself (千名志愿者 → 1000 名, 逾千人 →
1000 人 逾). Ranges (3至5万元) keep both ends. Left out, by general rules: dates, years and
times, durations in months, ordinals and terms (第十八次, 前三名, 七届三次全委会), anniversaries
(70周年), list numbering, vague amounts (数万名, 几十家), numerals inside four-character fixed
expressions (四位一体, 千家万户, 一户一策: `resources/numeral_idioms.txt`, built from jionlp's
idiom dictionary and jieba's i/l words) or inside a longer dictionary word (进万家), slogans
and names (“三个精神”, “百场技能竞赛”, 万名职工技能登高行动, 五个一), thresholds, schedules,
phone numbers and ages.
Chinese numerals are converted with cn2an.
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
import warnings
from decimal import Decimal
from typing import NamedTuple
from importlib import resources

import yaml

from .segment import Tagged, jieba_dictionary, tag_fast


@functools.lru_cache(maxsize=1)
def _cn2an():
    """cn2an, imported when a Chinese numeral first needs it (0.1 s of start-up otherwise)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cn2an
    return cn2an

GENERIC_UNITS = frozenset("个项家批所支处件类组种")
PRE_QUALIFIERS = ("超过", "不少于", "不到", "将近", "逾", "近", "约", "超", "上")
# Words between a subject and its number that are not part of the subject.
_LINK_WORDS = frozenset(("共计", "累计", "总计", "合计", "总数", "共有", "达到", "高达", "多达", "超过", "不少于",
               "将近", "已达", "达", "共", "计", "为", "有", "约", "近", "超", "逾", "到", "了", "是",
               "已", "占", "全", "总", "新增", "累", "突破", "增至", "提升至", "达至"))

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千万][零〇一二两三四五六七八九十百千万亿点]*"
_GAP = r"[ \u00a0\u2009]?"  # web copies space numbers off: "41.6 万人", "3860 家"
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s|\d{1,2}[、．]|\d{1,2}\.(?!\d)|[一二三四五六七八九十]{1,3}[、.．])")
_PHONE = re.compile(r"\d{3,4}[-－]\d{7,8}|\d{7,}")
_CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_VAGUE_OR_DIGIT = _CHINESE_DIGITS + "几数"  # before a numeral: part of a longer or a vague number
_ROUND = frozenset("十百千万亿")  # a bare magnitude before a measure word is the number itself
# Four-character templates with two numerals: the same numeral twice (一户一策, 一企一码, 千人千面)
# or two magnitudes (千村万户, 百X千Y); X and Y are not numerals.
_PAIRED_NUMERALS = re.compile(
    r"(?:([一二两三四五六七八九十百千万])[^\W\d零〇一二两三四五六七八九十百千万亿]\1"
    r"|[十百千万][^\W\d零〇一二两三四五六七八九十百千万亿][十百千万])[^\W\d零〇一二两三四五六七八九十百千万亿]"
)
_CAMPAIGN = re.compile(r"行动|工程|计划|活动")
_PHRASE_BREAK = re.compile(r"[，。；！？、,;!?\n（(]")
_QUOTED = re.compile(r"“[^“”]*”")


class MetricError(ValueError):
    pass


class Metric(NamedTuple):
    """One figure in an article's text; `start`/`end` are offsets into that text. A named
    tuple, not a frozen dataclass: one is built per figure, in a third of the time."""

    surface: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    subject: str
    category: str
    sentence: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _config() -> dict:
    text = (resources.files("analysis") / "resources" / "metric_units.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 8× faster


@functools.lru_cache(maxsize=1)
def _units() -> dict[str, dict]:
    return {str(entry["unit"]): entry for entry in _config()["units"]}


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    units = sorted(_units(), key=len, reverse=True)
    people = sorted(_config()["people_nouns"], key=len, reverse=True)
    number = rf"(?:{_ARABIC}(?:{_GAP}[十百千万亿]+)?|{_CHINESE})"
    # Every figure starts with a qualifier, a digit or a numeral: the lookahead lets the scan skip
    # any other character at once instead of trying the whole pattern there (a third faster).
    first = "".join(sorted({q[0] for q in PRE_QUALIFIERS})) + _CHINESE[1:_CHINESE.index("]")]
    unit = "|".join(map(re.escape, units))
    # Guards that change no match, only how soon a number that is no figure (2015年, 8月) is
    # given up: a range needs its separator within a measure word's length of the number, and
    # the alternatives of measure words and people nouns are tried only before a character one
    # of them starts with (each failed number was tried against every one, at every length).
    near_separator = rf"(?=.{{0,{max(map(len, units))}}}[{re.escape(_SEPARATORS)}])"
    unit_first = "".join(sorted({re.escape(u[0]) for u in units}))
    noun_first = "".join(sorted({re.escape(n[0]) for n in people}))
    return re.compile(
        rf"(?=[\d{first}])"
        rf"(?P<pre>{'|'.join(PRE_QUALIFIERS)})?"
        rf"(?P<n1>{number})(?P<q1>余|多)?(?P<mag>(?<=[余多])[万亿])?"
        rf"(?:{near_separator}(?P<u1>{unit})?(?P<sep>{'|'.join(_SEPARATORS)})(?P<n2>{number})(?P<q2>余|多)?)?"
        rf"(?:{_GAP}(?=[{unit_first}])(?P<unit>{unit})|(?=[{noun_first}])(?=(?P<noun>{'|'.join(people)})))"
        rf"(?P<post>以上|左右|以内|以下|多)?"
    )


_SEPARATORS = "至到—–-－~～"  # of a range's two ends (3至5万元), each one character


_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@functools.lru_cache(maxsize=8192)
def parse_number(text: str) -> float:
    """'40万' → 400000; '7.18亿' → 718000000; '三千' → 3000; '一点二亿' → 120000000."""
    text = text.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u2009", "")
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text)
    if text[:1] in ("百", "千", "万", "亿"):
        text = "一" + text  # 近千名, 百余种
    simple = _parse_simple(text)
    if simple is not None:
        return simple
    cn2an = _cn2an()
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError) as err:
        match = re.fullmatch(r"(.+?)([万亿]*)", text)
        if match and "点" in match.group(1):
            whole, _, frac = match.group(1).partition("点")
            digits = "".join(str(int(cn2an.cn2an(ch, "smart"))) for ch in frac)
            value = float(f"{int(cn2an.cn2an(whole, 'smart')) if whole else 0}.{digits}")
            for ch in match.group(2):
                value *= 10000 if ch == "万" else 100000000
            return value
        raise MetricError(f"无法识别的数字：{text}") from err


_ARABIC_MAGNITUDE = re.compile(r"([0-9]+(?:\.[0-9]+)?)([十百千万亿])")
_DIGIT_VALUES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}


def _parse_simple(text: str) -> float | None:
    """cn2an's value of the commonest forms ('40万', '7.18亿', '三', '两百'), or None for any
    other; most texts then never import cn2an (0.2 s) nor call it (25 µs a number).
    tests/test_metrics.py holds these values equal to cn2an's over every such form."""
    match = _ARABIC_MAGNITUDE.fullmatch(text)
    if match:  # cn2an's own arithmetic for a decimal number and one unit
        return float(int(Decimal(match.group(1)) * _MAGNITUDES[match.group(2)]))
    if len(text) == 1 and text in _DIGIT_VALUES:
        return float(_DIGIT_VALUES[text])
    if len(text) == 2 and text[0] in _DIGIT_VALUES and text[1] in _MAGNITUDES:
        return float(_DIGIT_VALUES[text[0]] * _MAGNITUDES[text[1]])
    return None


_PERCENT_WORDS = re.compile(r"百分之(?P<n>[零〇一二两三四五六七八九十百点]+|\d+(?:\.\d+)?)")


class _Text:
    """What every figure of one text looks up: where its sentences end (found once per text,
    not per figure) and whether the text holds the words a few exclusion rules search for
    around each figure (a text without 周 or 星期 names no weekday)."""

    __slots__ = ("ends", "weekdays", "counters", "original")

    def __init__(self, text: str) -> None:
        self.ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.weekdays = "周" in text or "星期" in text  # _WEEKDAYS
        self.counters = "点击" in text or "阅读" in text or "浏览" in text or "访问" in text  # _PAGE_COUNTER
        self.original = "原" in text  # _in_original_headline


def extract_metrics(text: str) -> list[Metric]:
    """Every figure in `text`, in order of appearance."""
    metrics: list[Metric] = []
    context = None
    for match in _pattern().finditer(text):
        if context is None:
            context = _Text(text)
        metric = _to_metric(text, match, context)
        if metric is not None:
            metrics.append(metric)
    percent = None
    for match in _PERCENT_WORDS.finditer(text):
        try:
            value = parse_number(match.group("n"))
        except MetricError:
            continue
        if context is None:
            context = _Text(text)
        left, right = _sentence_bounds(context.ends, len(text), match.start(), match.end())
        percent = True
        metrics.append(Metric(
            surface=match.group(0), value=value, value_high=None, unit="%", qualifier="",
            subject=_subject(text, match.start(), match.end(), verb_is_subject=True), category="percentage",
            sentence=text[left:right].strip(), start=match.start(), end=match.end(),
        ))
    # The pattern's figures come in text order; only figures written 百分之… need placing among them.
    return sorted(metrics, key=_START) if percent else metrics


_START = operator.attrgetter("start")
_NOUN_UNIT = (1.0, "人", "people")  # a people noun with no measure word (两万多一线职工)


@functools.lru_cache(maxsize=1)
def _unit_table() -> dict[str, tuple[float, str, str]]:
    """Measure word → (factor, unit it is given in, category), from `_units()`."""
    return {unit: (float(entry.get("factor", 1)), str(entry.get("as", unit)), entry["category"])
            for unit, entry in _units().items()}


_new_metric = tuple.__new__  # Metric's fields in order, built without its keyword-argument __new__


def _to_metric(text: str, match: re.Match, context: _Text) -> Metric | None:
    pre, n1, q1, mag, u1, _, n2, q2, unit_written, noun, post = match.groups()
    unit_written = unit_written or ""
    noun = noun or ""
    if _excluded(text, match, n1, unit_written, noun, context):
        return None
    if u1 and u1 != unit_written:
        return None  # "5人至10家" is not a range
    try:
        low = parse_number(n1)
        high = parse_number(n2) if n2 else None
    except MetricError:
        return None
    if high is not None:
        # "3至5万元": the magnitude written on the high end applies to the low end too.
        low_mag, high_mag = _magnitude(n1), _magnitude(n2)
        if high_mag > 1 and low_mag == 1 and low * high_mag <= high:
            low *= high_mag
        if high < low:
            return None
    entry = _unit_table().get(unit_written, _NOUN_UNIT if noun else None)
    if entry is None:
        return None
    factor, unit, default_category = entry
    if mag:  # 400余万人次
        factor *= 10000 if mag == "万" else 100000000
    value = low * factor
    value_high = high * factor if high is not None else None
    qualifier = (pre or "") + (q1 or "") + (q2 or "") + (post or "")
    start, end = match.span()
    subject = noun or _subject(text, start, end, verb_is_subject=default_category == "percentage")
    category = (_category_of_subject(subject) or default_category) if unit_written in GENERIC_UNITS \
        else default_category
    sentence_start, sentence_end = _sentence_bounds(context.ends, len(text), start, end)
    if noun:
        end = match.end("n2") if n2 else max(match.end("n1"), match.end("q1") if q1 else 0)
        end = max(end, match.end("q2") if q2 else 0)
    return _new_metric(Metric, (
        text[start:end],  # surface
        round(value, 6),  # value
        round(value_high, 6) if value_high is not None else None,  # value_high
        unit,
        qualifier,
        subject,
        category,
        text[sentence_start:sentence_end].strip(),  # sentence
        start,
        end,
    ))


def _magnitude(number: str) -> float:
    factor = 1.0
    for ch in reversed(number):
        if ch == "万":
            factor *= 10000
        elif ch == "亿":
            factor *= 100000000
        elif ch in "千" and re.match(_ARABIC, number):
            factor *= 1000
        else:
            break
    return factor


_WRAPPED_BEFORE = re.compile(r"[\d零〇一二两三四五六七八九十百千]余?[ \t\u3000]*\r?\n[ \t\u3000]*$")
_RANK_LIST = re.compile(rf"[{_CHINESE_DIGITS}]、$")
_SESSION = re.compile(r"[一二三四五六七八九]?中全会|全会|全委|代表大会|党代会")
_SESSION_OF_TERM = re.compile(rf"[\d{_CHINESE_DIGITS}]+次")
_MONTHS = re.compile(r"[多半]?月")
_THRESHOLD = re.compile(r"的?(?:企业|单位|规模|职工的企业)|应|须|必须")
_WEEKDAYS = re.compile(r"(?:周|星期)[一二三四五六日天、]*$")
_TERM = re.compile(r"委员|代表|理事|人大|政协|全委")
_SCHEDULE = frozenset(("每周", "每天", "每日", "每月", "每年"))
_PAGE_COUNTER = re.compile(r"(?:点击|阅读|浏览|访问)(?:次数|量|数)?[：:\s]+$")

@functools.lru_cache(maxsize=None)
def _not_before(unit: str) -> tuple[str, ...]:
    """Characters that, right after `unit`, make it part of another word (所 + 有 = 所有)."""
    return tuple(_units()[unit].get("not_before", ()))


def _excluded(text: str, match: re.Match, n1: str, unit: str, noun: str, context: _Text) -> bool:
    start, end = match.start("n1"), match.end()
    before = text[max(0, start - 2):start]
    previous = before[-1:]
    after = text[end:end + 4]
    chinese = not n1[0].isdigit()
    unit_end = match.end("unit") if unit else start + len(n1)
    if previous in ("第", "初"):
        return True  # ordinal
    if previous == "前" and unit in ("名", "位"):
        return True  # a ranking: 前三名
    if previous in ("自", "从") and unit == "起":
        return True  # a starting point: 自2020起
    if previous.isdigit() or text[end:end + 1].isdigit():
        return True  # part of a longer number
    if chinese and previous and previous in _VAGUE_OR_DIGIT:
        return True  # 亿万职工, 几十名, 数万名: part of a longer or a vague number
    if "\n" in text[max(0, start - 4):start] and _WRAPPED_BEFORE.search(text, max(0, start - 8), start):
        return True  # "8⏎万人": the rest of a number cut by a line wrap, not a figure of its own
    if chinese and previous == "、" and _RANK_LIST.search(before):
        return True  # ranks listed: 一、二名
    if unit in ("届", "次") and _SESSION.match(after):
        return True  # 十九届四中全会, 第十八次代表大会
    if (unit == "届" and _SESSION_OF_TERM.match(after)) or (unit == "次" and previous == "届"):
        return True  # 七届三次全委会议: a term and its session
    if unit == "个" and _MONTHS.match(after):
        return True  # 两个月, 一个多月: a duration in months
    if after.startswith(("周年", "岁")) or unit == "岁":
        return True
    if unit and text[unit_end:unit_end + 1] in _not_before(unit):
        return True  # 所有, 起步, 本届: the measure word is part of another word
    if chinese and n1 == "一":
        return True  # 一个, 一批, 一张蓝图: an article, not a count
    if chinese and (_in_fixed_expression(text, start, unit_end) or _inside_word(text, match, start)):
        return True  # 四位一体, 千家万户, 一户一策, 进万家
    bare_round = chinese and _ROUND.issuperset(n1) and not (match.group("pre") or match.group("q1") or match.group("n2"))
    if bare_round and noun:
        return True  # 千万职工, 万众: a magnitude counts only before a measure word (千名志愿者)
    if bare_round and _names_a_campaign(text, unit_end):
        return True  # 深化万名职工技能登高行动: a name, not a count
    if match.group("post") in ("以上", "以下") and _THRESHOLD.match(text, end, end + 4):
        return True  # a threshold: 100人以上企业, 25人以上应建尽建
    if unit == "次" and before in _SCHEDULE:
        return True  # a schedule: 每周两次
    if context.weekdays and _WEEKDAYS.search(text, max(0, start - 8), start):
        return True  # weekdays: 每周二、四
    if unit == "届" and _TERM.match(after):
        return True  # a term of office: 四届委员
    if chinese and (bare_round or parse_safe(n1) <= 10) and _in_short_quote(text, match.start()):
        return True  # slogans and names: “三个精神”“百场技能竞赛”“一个总标准、一批样板间、千间休息室”
    if chinese and unit == "个" and text[unit_end:unit_end + 1] == "一":
        return True  # slogans: 五个一, 三个一批
    figure_start = match.start()
    if (figure_start == 0 or text[figure_start - 1] == "\n") and _LIST_NUMBER.match(text[figure_start:]):
        return True  # list numbering at the start of a line: "1 在思想教育上…"
    if not chinese and len(n1) >= 7 and _PHONE.fullmatch(n1.replace(",", "")):
        return True
    if noun and chinese and parse_safe(n1) < 10:
        return True  # 三名职工 is a figure, but 两职工 is not how figures are written
    if context.original and _in_original_headline(text, figure_start, text.rfind("\n", 0, figure_start) + 1):
        return True  # (原标题：…): a repost restating the headline
    if context.counters and _PAGE_COUNTER.search(text, max(0, figure_start - 8), figure_start):
        return True  # 点击：356次, 阅读 1.2万: a web page's counter (访问量6.1万余人次 is a figure)
    return False


@functools.lru_cache(maxsize=1)
def _fixed_expressions() -> frozenset[str]:
    """Four-character idioms and set phrases with a numeral (resources/numeral_idioms.txt)."""
    text = (resources.files("analysis") / "resources" / "numeral_idioms.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def build_fixed_expressions() -> list[str]:
    """The entries of resources/numeral_idioms.txt, from the installed dictionaries: every
    four-character entry with a Chinese numeral in jionlp's idiom dictionary
    (dictionary/chinese_idiom.zip, 成语词典) and among jieba's dictionary words tagged `i` (成语)
    or `l` (习用语), less the few that are figure phrases themselves (万元以上).
    `write_fixed_expressions()` writes them to the resource file."""
    import importlib.util
    import zipfile
    from pathlib import Path

    numerals = set(_CHINESE_DIGITS) - {"亿"}
    found: set[str] = set()
    jionlp = Path(importlib.util.find_spec("jionlp").submodule_search_locations[0])
    with zipfile.ZipFile(jionlp / "dictionary" / "chinese_idiom.zip") as archive:
        for line in archive.read("chinese_idiom.txt").decode("utf-8").splitlines():
            word = line.split("\t", 1)[0].strip()
            if len(word) == 4 and numerals & set(word):
                found.add(word)
    with open(jieba_dictionary(), encoding="utf-8") as handle:
        for line in handle:
            word, _, flag = line.split()
            if flag in ("i", "l") and len(word) == 4 and numerals & set(word):
                found.add(word)
    return sorted(word for word in found if not _is_a_figure_phrase(word))


def _is_a_figure_phrase(word: str) -> bool:
    """万元以上, 约一斤肉, 三十三天: entries that are themselves a number with its measure word
    (three characters or more, or with a qualifier), not an idiom hiding a numeral."""
    return any(m.end() - m.start() >= 3 or m.group("post") for m in _pattern().finditer(word))


def write_fixed_expressions() -> int:
    """Regenerate resources/numeral_idioms.txt (python -c "from analysis.metrics import
    write_fixed_expressions as w; w()"); returns the number of entries."""
    from pathlib import Path

    from .atomic import write_atomic

    entries = build_fixed_expressions()
    header = (
        "# Four-character idioms and set phrases containing a Chinese numeral: a numeral inside one\n"
        "# of these is not a figure (四位一体, 三番五次, 千家万户). Generated by\n"
        "# analysis.metrics.write_fixed_expressions() from jionlp 1.5.31 dictionary/chinese_idiom.zip\n"
        "# (成语词典) and the jieba 0.42.1 dictionary's words tagged i (成语) and l (习用语), less\n"
        "# entries that are a figure phrase themselves (万元以上, 约一斤肉).\n"
        "# Do not edit by hand; regenerate instead.\n"
    )
    target = Path(str(resources.files("analysis") / "resources" / "numeral_idioms.txt"))
    write_atomic(target, header + "\n".join(entries) + "\n")
    return len(entries)


def _in_fixed_expression(text: str, position: int, figure_end: int) -> bool:
    """The figure text[position:figure_end] lies inside a four-character fixed expression (四位一体,
    三番五次, 千家万户): one of the listed idioms or set phrases, or a paired-numeral template
    (一X一Y, 千X千Y, 千X万Y). "二十四小时" is not inside the dictionary's "二十四小"."""
    idioms = _fixed_expressions()
    for left in range(max(0, figure_end - 4), position + 1):
        window = text[left:left + 4]
        if len(window) == 4 and (window in idioms or _PAIRED_NUMERALS.fullmatch(window)):
            return True
    return False


def _inside_word(text: str, match: re.Match, position: int) -> bool:
    """The dictionary puts the numeral inside a longer word that is not a number (进万家, 万元户,
    千家万户, 零部件): the word starts before the figure or runs past its measure word."""
    left = max(0, match.start() - 4)
    right = min(len(text), match.end() + 3)
    offset = left
    for token in _tag(text[left:right]):
        token_end = offset + len(token.word)
        if offset <= position < token_end:
            if token.flag.startswith(("m", "q")):  # a number word (百名, 千余名) unless it runs on (零部件)
                return token_end > match.end()
            return offset < match.start() or token_end > match.end()
        offset = token_end
    return False


def _names_a_campaign(text: str, unit_end: int) -> bool:
    """万名职工技能登高行动: a bare round figure that opens a noun phrase ending in 行动/工程/计划/
    活动 (verbs inside a name are fine: 百名劳模进企业活动, 千名工匠培育计划) is the name of a
    campaign. An adverb or preposition, or a verb of taking part or organising on the way
    (千名志愿者参加…活动, 万名干部将深入…) makes it a count."""
    clause = _PHRASE_BREAK.split(text[unit_end:unit_end + 24], maxsplit=1)[0]
    clause = _QUOTED.sub("", clause)
    campaign = _CAMPAIGN.search(clause)
    if campaign is None:
        return False
    tokens = _tag(clause[:campaign.start()])
    taking_part, organising = _words().keep, _words().drop
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        if (token.flag.startswith(("d", "p", "c", "u", "f", "r", "t")) or token.word in taking_part
                or (token.word in organising and not last)):
            return False  # 将, 沿, 参与行动, 开展…活动: the figure is the subject of a clause
    return True


def _in_short_quote(text: str, position: int) -> bool:
    """Inside a short quotation (a slogan or a name, not reported speech)."""
    opened = text.rfind("“", max(0, position - 16), position)
    if opened < 0 or "”" in text[opened:position]:
        return False
    closed = text.find("”", position, position + 16)
    return closed >= 0 and closed - opened <= 24


def _in_original_headline(text: str, position: int, line_start: int) -> bool:
    """Inside "（原标题：…）", the headline a repost restates."""
    if text.find("原", line_start, position) < 0:
        return False  # the common case, without copying the line so far
    head = text[line_start:position]
    opened = max(head.rfind("原标题"), head.rfind("原题"))
    return opened >= 0 and ")" not in head[opened:] and "）" not in head[opened:]


def parse_safe(number: str) -> float:
    try:
        return parse_number(number)
    except MetricError:
        return float("inf")


def _sentence_bounds(ends: list[int], length: int, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], given where the text's sentences end (`_Text.ends`)."""
    before = bisect.bisect_right(ends, start)
    after = bisect.bisect_left(ends, end + 1)
    return ends[before - 1] if before else 0, ends[after] if after < len(ends) else length


@functools.lru_cache(maxsize=16384)
def _category_of_subject(subject: str) -> str | None:
    """The first `by_subject` category with a key inside `subject` (驿站 → facilities), else None."""
    for category in ("facilities", "organisations", "events", "people"):
        if any(key in subject for key in _config()["by_subject"][category]):
            return category
    return None


@functools.lru_cache(maxsize=65536)
def _tag(fragment: str) -> tuple[Tagged, ...]:
    """POS-tagged words of a short fragment (dictionary only, no HMM: fast and stable)."""
    return tuple(tag_fast(fragment, hmm=False))


class _Words(NamedTuple):
    people: frozenset
    people_suffixes: tuple
    keep: frozenset
    drop: frozenset


@functools.lru_cache(maxsize=1)
def _words() -> _Words:
    config = _config()
    people = frozenset(config["people_nouns"])
    return _Words(people, tuple(people), frozenset(config["keep_verbs"]), frozenset(config["drop_verbs"]))


_QUOTE_MARKS = re.compile(r"[“”「」‘’]")
_CLAUSE_BREAK = re.compile(r"[，。；：、！？,;:\s（）()]")


class _Breaks(dict):
    """Character → whether `_CLAUSE_BREAK` matches it, worked out once per character."""

    def __missing__(self, char: str) -> bool:
        breaks = self[char] = _CLAUSE_BREAK.match(char) is not None
        return breaks


_BREAKS = _Breaks()


def _subject(text: str, start: int, end: int, *, verb_is_subject: bool = False) -> str:
    """What is counted: the noun phrase right after the unit, else right before the number."""
    following = text[end:end + 1]
    if not following or _BREAKS[following]:
        nouns = ""  # the clause ends with the figure (…3000人。): nothing after it to read
    else:
        right = _QUOTE_MARKS.sub("", text[end:end + 14])
        right = _CLAUSE_BREAK.split(right, maxsplit=1)[0]
        nouns = _nouns_after(right) if right else ""
    if nouns:
        return nouns
    left = _CLAUSE_BREAK.split(text[max(0, start - 16):start])[-1]
    left = left.replace("“", "").replace("”", "").replace("「", "").replace("」", "")
    return _phrase_before(left, verb_is_subject) if left else ""


# A text's clauses recur (reprints, boilerplate, a figure's neighbours): the two halves of
# _subject are pure functions of one clause fragment, so they are cached on it.
@functools.lru_cache(maxsize=65536)
def _nouns_after(right: str) -> str:
    """The nouns opening the clause fragment after a figure (千名职工参赛 → 职工), or ""."""
    right_tokens = _tag(right)
    if right_tokens and right_tokens[0].word == "的":
        right_tokens = right_tokens[1:]
    nouns = []
    words = _words()
    for token in right_tokens:
        if token.word in words.people or (
            token.flag.startswith(("n", "vn")) and token.flag not in ("nr", "nrt", "nrfg")
        ) or token.word.endswith(words.people_suffixes):
            nouns.append(token.word)
        else:
            break
    while len(nouns) > 1 and nouns[-2].endswith(words.people_suffixes) and (
        nouns[-1] in words.keep or nouns[-1] in words.drop or _tag(nouns[-1])[-1].flag == "vn"
    ):
        nouns.pop()  # 千名职工参赛, 千名职工健步 → 职工
    return "".join(nouns)[:12]


@functools.lru_cache(maxsize=65536)
def _phrase_before(left: str, verb_is_subject: bool) -> str:
    """The noun phrase closing the clause fragment before a figure (入会人数突破 → 入会人数)."""
    left_tokens = list(_tag(left))
    while left_tokens and (
        left_tokens[-1].word in _LINK_WORDS
        or left_tokens[-1].flag in ("d", "p", "u", "c", "m", "q")
        or (not verb_is_subject and left_tokens[-1].flag == "v" and len(left_tokens) > 1
            and left_tokens[-2].flag.startswith(("n", "l", "j")))
    ):
        left_tokens.pop()  # 入会人数突破 → 入会人数
    phrase: list[str] = []
    for token in reversed(left_tokens):
        if token.flag.startswith(("n", "vn", "v", "a", "j", "b", "l")) and token.word not in _LINK_WORDS:
            phrase.insert(0, token.word)
            if token.flag.startswith(("v",)) and not token.flag.startswith("vn") and len(phrase) > 1:
                break
        else:
            break
    words = _words()
    while len(phrase) > 1 and phrase[0] not in words.keep and (phrase[0] in words.drop or _is_action_verb(phrase[0])):
        phrase.pop(0)  # 开展劳动竞赛 → 劳动竞赛; 参赛职工 stays
    return "".join(phrase)[-12:]


@functools.lru_cache(maxsize=4096)
def _is_action_verb(word: str) -> bool:
    tokens = tag_fast(word, hmm=True)
    return len(tokens) == 1 and tokens[0].flag == "v"


APPROXIMATE = ("余", "多", "近", "约", "超", "逾", "上", "以上", "左右", "超过", "不到", "不少于", "将近")


def summarise_metrics(metrics, group_of=None):
    """Totals per (group, unit, category): sum, count, approximate and overlapping figures.

    `metrics` is a metrics frame (optionally with the grouping column already joined);
    `group_of` names that column (None = one group, 全部). A figure is approximate when its
    qualifier is (余/多/近/约/超…) and overlapping when the same value and unit occur more
    than once in one article (a report restating its own total). Ranges count their low end.
    """
    from .schema import typed_frame

    if metrics.empty:
        return typed_frame("metric_summary", by=group_of)
    frame = metrics.copy()
    frame["group"] = frame[group_of] if group_of else "全部"
    frame = frame[frame["group"].notna()]
    frame["approximate"] = frame["qualifier"].fillna("").map(lambda q: any(a in q for a in APPROXIMATE))
    frame["overlapping"] = frame.duplicated(["article_id", "value", "unit"], keep="first")
    frame["ranges"] = frame["value_high"].notna()
    table = (
        frame.groupby(["group", "unit", "category"], dropna=False)
        .agg(total=("value", "sum"), figures=("value", "size"), approximate=("approximate", "sum"),
             overlapping=("overlapping", "sum"), ranges=("ranges", "sum"))
        .reset_index()
        .sort_values(["group", "figures"], ascending=[True, False])
    )
    return typed_frame("metric_summary", table, by=group_of)
