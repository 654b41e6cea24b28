"""Extract the figures a report gives: value, unit, qualifier, subject, category, sentence.

"参赛职工40万余人次" → 400000 人次, qualifier 余, subject 参赛职工, category people.
A figure is a number (Arabic or Chinese, with 万/亿/千) followed by a measure word from
`resources/metric_units.yaml`, or by a people noun (两万多一线职工 → 人). Ranges (3至5万元)
keep both ends. Left out: dates, years and times, ordinals (第十八次), anniversaries
(70周年), list numbering, slogans ("三个精神", "一提升、两强化"), phone numbers and ages.
Chinese numerals are converted with cn2an.
"""
from __future__ import annotations

import bisect
import functools
import re
import warnings
from dataclasses import dataclass
from typing import NamedTuple
from importlib import resources

import yaml



@functools.lru_cache(maxsize=1)
def _cn2an():
    """cn2an, imported when a Chinese numeral first needs it (0.1 s of start-up otherwise)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cn2an
    return cn2an

METRIC_COLUMNS = [
    "surface", "value", "value_high", "unit", "qualifier", "subject", "category",
    "sentence", "start", "end",
]
CATEGORIES = ("money", "people", "events", "organisations", "facilities", "percentage", "other")
GENERIC_UNITS = frozenset("个项家批所支处件类组种")
PRE_QUALIFIERS = ("超过", "不少于", "不到", "将近", "逾", "近", "约", "超", "上")
# Words between a subject and its number that are not part of the subject.
_LINK_WORDS = ("共计", "累计", "总计", "合计", "总数", "共有", "达到", "高达", "多达", "超过", "不少于",
               "将近", "已达", "达", "共", "计", "为", "有", "约", "近", "超", "逾", "到", "了", "是",
               "已", "占", "全", "总", "新增", "累", "突破", "增至", "提升至", "达至")

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千万][零〇一二两三四五六七八九十百千万亿点]*"
_MAGNITUDE = r"(?:[十百千万亿]+)?"
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s|\d{1,2}[、．]|\d{1,2}\.(?!\d)|[一二三四五六七八九十]{1,3}[、.．])")
_PHONE = re.compile(r"\d{3,4}[-－]\d{7,8}|\d{7,}")


class MetricError(ValueError):
    pass


@dataclass(frozen=True)
class Metric:
    """One figure in an article's text; `start`/`end` are offsets into that text."""

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
    return yaml.safe_load(text)


@functools.lru_cache(maxsize=1)
def _units() -> dict[str, dict]:
    return {str(entry["unit"]): entry for entry in _config()["units"]}


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    units = sorted(_units(), key=len, reverse=True)
    people = sorted(_config()["people_nouns"], key=len, reverse=True)
    number = rf"(?:{_ARABIC}{_MAGNITUDE}|{_CHINESE})"
    return re.compile(
        rf"(?P<pre>{'|'.join(PRE_QUALIFIERS)})?"
        rf"(?P<n1>{number})(?P<q1>余|多)?(?P<mag>(?<=[余多])[万亿])?"
        rf"(?:(?P<u1>{'|'.join(map(re.escape, units))})?(?P<sep>至|到|—|–|-|－|~|～)(?P<n2>{number})(?P<q2>余|多)?)?"
        rf"(?:(?P<unit>{'|'.join(map(re.escape, units))})|(?=(?P<noun>{'|'.join(people)})))"
        rf"(?P<post>以上|左右|以内|以下|多)?"
    )


_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@functools.lru_cache(maxsize=8192)
def parse_number(text: str) -> float:
    """'40万' → 400000; '7.18亿' → 718000000; '三千' → 3000; '一点二亿' → 120000000."""
    text = text.replace(",", "")
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text)
    if text[:1] in ("百", "千", "万", "亿"):
        text = "一" + text  # 近千名, 百余种
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


_PERCENT_WORDS = re.compile(r"百分之(?P<n>[零〇一二两三四五六七八九十百点]+|\d+(?:\.\d+)?)")


def extract_metrics(text: str) -> list[Metric]:
    """Every figure in `text`, in order of appearance."""
    metrics: list[Metric] = []
    for match in _pattern().finditer(text):
        metric = _to_metric(text, match)
        if metric is not None:
            metrics.append(metric)
    for match in _PERCENT_WORDS.finditer(text):
        try:
            value = parse_number(match.group("n"))
        except MetricError:
            continue
        left, right = _sentence_bounds(text, match.start(), match.end())
        metrics.append(Metric(
            surface=match.group(0), value=value, value_high=None, unit="%", qualifier="",
            subject=_subject(text, match.start(), match.end(), verb_is_subject=True), category="percentage",
            sentence=text[left:right].strip(), start=match.start(), end=match.end(),
        ))
    return sorted(metrics, key=lambda m: m.start)


def _to_metric(text: str, match: re.Match) -> Metric | None:
    n1, n2 = match.group("n1"), match.group("n2")
    unit_written = match.group("unit") or ""
    noun = match.group("noun") or ""
    start, end = match.start(), match.end()
    if _excluded(text, match, n1, unit_written, noun):
        return None
    if match.group("u1") and match.group("u1") != unit_written:
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
    entry = _units().get(unit_written, {"as": "人", "category": "people"} if noun else None)
    if entry is None:
        return None
    factor = float(entry.get("factor", 1))
    if match.group("mag"):  # 400余万人次
        factor *= 10000 if match.group("mag") == "万" else 100000000
    value = low * factor
    value_high = high * factor if high is not None else None
    unit = str(entry.get("as", unit_written))
    qualifier = "".join(
        q for q in (match.group("pre"), match.group("q1"), match.group("q2"), match.group("post")) if q
    )
    subject = noun or _subject(text, start, end, verb_is_subject=entry["category"] == "percentage")
    category = _category(unit_written, entry["category"], subject)
    sentence_start, sentence_end = _sentence_bounds(text, start, end)
    if noun:
        end = match.end("n2") if n2 else max(match.end("n1"), match.end("q1") if match.group("q1") else 0)
        end = max(end, match.end("q2") if match.group("q2") else 0)
    return Metric(
        surface=text[start:end],
        value=round(value, 6),
        value_high=round(value_high, 6) if value_high is not None else None,
        unit=unit,
        qualifier=qualifier,
        subject=subject,
        category=category,
        sentence=text[sentence_start:sentence_end].strip(),
        start=start,
        end=end,
    )


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


def _excluded(text: str, match: re.Match, n1: str, unit: str, noun: str) -> bool:
    start, end = match.start("n1"), match.end()
    before = text[max(0, start - 2):start]
    after = text[end:end + 4]
    chinese = not re.match(r"\d", n1)
    if before.endswith("第") or text[start - 1:start] in ("第", "初"):
        return True  # ordinal
    if re.match(r"\d", before[-1:] or "") or text[end:end + 1].isdigit():
        return True  # part of a longer number
    if unit in ("届", "次") and re.match(r"[一二三四五六七八九]?中全会|全会|代表大会|党代会", after):
        return True  # 十九届四中全会, 第十八次代表大会
    if after.startswith(("周年", "岁")) or unit == "岁":
        return True
    if chinese and n1 == "一":
        return True  # 一个, 一批, 一张蓝图: idiom, not a count
    if chinese and n1[0] in "百千万" and not (match.group("pre") or match.group("q1")):
        return True  # 万名职工…行动, 千间休息室: a name; 近千名, 百余种 are figures
    if after.startswith(("一体", "一起")):
        return True  # 四位一体
    if match.group("post") in ("以上", "以下") and re.match(r"的?(?:企业|单位|规模|职工的企业)", text[end:end + 4]):
        return True  # a threshold: 100人以上企业
    if unit == "次" and before in ("每周", "每天", "每日", "每月", "每年"):
        return True  # a schedule: 每周两次
    if re.search(r"(?:周|星期)[一二三四五六日天、]*$", text[max(0, start - 8):start]):
        return True  # weekdays: 每周二、四
    if unit == "所" and text[match.end("unit"):match.end("unit") + 1] in ("有", "以", "在", "谓"):
        return True  # 所有, 所以: a word, not the measure word
    if unit == "届" and re.match(r"(?:委员|代表|理事|人大|政协|全委)", after):
        return True  # a term of office: 四届委员
    if chinese and _inside_quotes(text, match.start()) and parse_safe(n1) <= 10:
        return True  # slogans: “三个精神”“四个强化”
    if chinese and parse_safe(n1) <= 10 and re.match(r"[、，]", text[match.end():match.end() + 1]):
        return True  # enumerations: 一提升、两强化
    line_start = text.rfind("\n", 0, match.start()) + 1
    if match.start() == line_start and _LIST_NUMBER.match(text[line_start:]):
        return True  # list numbering: "1 在思想教育上…"
    if _PHONE.fullmatch(n1.replace(",", "")):
        return True
    if noun and chinese and parse_safe(n1) < 10:
        return True  # 三名职工 is a figure, but 两职工 is not how figures are written
    return False


def parse_safe(number: str) -> float:
    try:
        return parse_number(number)
    except MetricError:
        return float("inf")


def _inside_quotes(text: str, position: int) -> bool:
    opened = text.rfind("“", max(0, position - 12), position)
    if opened < 0:
        return False
    closed = text.find("”", opened, position)
    return closed < 0 and "”" in text[position:position + 12]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ends = _sentence_ends(text)
    left = ends[bisect.bisect_right(ends, start) - 1] if ends and ends[0] <= start else 0
    after = bisect.bisect_left(ends, end + 1)
    right = ends[after] if after < len(ends) else len(text)
    return left, right


@functools.lru_cache(maxsize=4)  # one text's figures are looked up one after another
def _sentence_ends(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def _category(unit: str, default: str, subject: str) -> str:
    if unit in GENERIC_UNITS:
        for category in ("facilities", "organisations", "events", "people"):
            if any(key in subject for key in _config()["by_subject"][category]):
                return category
    return default


class Tagged(NamedTuple):
    word: str
    flag: str


@functools.lru_cache(maxsize=1)
def _tagger():
    """rjieba with its default dictionary: the same words and tags as jieba.posseg without
    HMM (digits aside: 'm' instead of 'eng'), without jieba's 1 s dictionary load."""
    import rjieba

    return rjieba.Jieba()


@functools.lru_cache(maxsize=65536)
def _tag(fragment: str) -> tuple[Tagged, ...]:
    """POS-tagged words of a short fragment (dictionary only, no HMM: fast and stable)."""
    return tuple(Tagged(word, flag) for word, flag in _tagger().tag(fragment, False))


def _subject(text: str, start: int, end: int, *, verb_is_subject: bool = False) -> str:
    """What is counted: the noun phrase right after the unit, else right before the number."""
    right = re.sub(r"[“”「」‘’]", "", text[end:end + 14])
    right = re.split(r"[，。；：、！？,;:\s（）()]", right, maxsplit=1)[0]
    right_tokens = _tag(right)
    if right_tokens and right_tokens[0].word == "的":
        right_tokens = right_tokens[1:]
    nouns = []
    people = set(_config()["people_nouns"])
    for token in right_tokens:
        if token.word in people or (
            token.flag.startswith(("n", "vn")) and token.flag not in ("nr", "nrt", "nrfg")
        ):
            nouns.append(token.word)
        else:
            break
    if nouns:
        return "".join(nouns)[:12]
    left = re.split(r"[，。；：、！？,;:\s（）()]", text[max(0, start - 16):start])[-1]
    left = left.replace("“", "").replace("”", "").replace("「", "").replace("」", "")
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
    keep, drop = set(_config()["keep_verbs"]), set(_config()["drop_verbs"])
    while len(phrase) > 1 and phrase[0] not in keep and (phrase[0] in drop or _is_action_verb(phrase[0])):
        phrase.pop(0)  # 开展劳动竞赛 → 劳动竞赛; 参赛职工 stays
    return "".join(phrase)[-12:]


@functools.lru_cache(maxsize=4096)
def _is_action_verb(word: str) -> bool:
    tokens = _tagger().tag(word, True)
    return len(tokens) == 1 and tokens[0][1] == "v"


APPROXIMATE = ("余", "多", "近", "约", "超", "逾", "上", "以上", "左右", "超过", "不到", "不少于", "将近")


def summarise_metrics(metrics, group_of=None):
    """Totals per (group, unit, category): sum, count, approximate and overlapping figures.

    `metrics` is a metrics frame (optionally with the grouping column already joined);
    `group_of` names that column (None = one group, 全部). A figure is approximate when its
    qualifier is (余/多/近/约/超…) and overlapping when the same value and unit occur more
    than once in one article (a report restating its own total). Ranges count their low end.
    """
    import pandas as pd

    columns = ["group", "unit", "category", "total", "figures", "approximate", "overlapping", "ranges"]
    if metrics.empty:
        return pd.DataFrame(columns=columns)
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
    return table[columns].reset_index(drop=True)
