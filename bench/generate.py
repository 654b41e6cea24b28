"""Deterministic synthetic corpora in the shapes real sources use, for the benchmark.

Files come in the format families of the dev corpus (tests/data/dev): e-paper article
exports with a publication line, whole pages under a masthead (several articles, photo
captions, a subscription ad, the editors' line), web reposts (breadcrumb, 发布时间/来源 line,
closing source, buttons), WeChat posts (原创 line, counters), news-brief boxes (本报讯 items
without headlines), hard-wrapped PDF copies with page numbers, photo news and press
releases. Articles are written from sentence templates about union work with a place from the
gazetteer, people, dates and figures, plus words sampled from jieba's dictionary by
frequency, so that the vocabulary keeps growing with the corpus as real text does (Heaps'
law) instead of recombining a few hundred paragraphs.

Every date in an article is in its year (or names an earlier year as a start: 自2016年以来);
figures vary on their own. `manifest_path(directory)` lists each file's family and its articles' years.
"""
from __future__ import annotations

import bisect
import itertools
import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.gazetteer import load_gazetteer

YEARS = range(2015, 2025)
PAPERS = ("工人日报", "江淮工人报", "三晋工人报", "南粤工报", "八闽工人报", "荆楚工人报", "浦江职工报", "沂蒙职工报",
          "巴蜀职工报", "龙江工人报", "天山工会报", "燕赵工人报")
SITES = ("中工网", "江淮工会网", "南粤工会网", "八闽工会网", "齐鲁工会网", "龙工网")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌海燕晓东"
CAMPAIGNS = (
    ("夏季送清凉", "为高温下坚守岗位的一线职工送去防暑降温用品", "户外劳动者"),
    ("冬季送温暖", "走访慰问困难职工和劳动模范", "困难职工"),
    ("金秋助学", "为考入大学的困难职工子女发放助学金", "困难职工子女"),
    ("职工书屋建设", "新建、提升职工书屋，配送图书", "职工"),
    ("户外劳动者服务站点建设", "依托银行网点、便利店开放爱心驿站", "快递员、外卖骑手"),
    ("职工职业技能大赛", "设置电工、焊工、育婴员等竞赛项目", "参赛职工"),
    ("劳模工匠进企业", "组织劳模工匠宣讲团走进车间班组", "青年职工"),
    ("职工疗休养", "分批组织一线职工参加疗休养活动", "一线职工"),
    ("根治欠薪专项行动", "联合人社部门开展欠薪排查和法律援助", "农民工"),
    ("女职工关爱行动", "提供免费“两癌”筛查和心理健康讲座", "女职工"),
    ("新就业形态劳动者入会", "推动平台企业建会，集中开展入会仪式", "新就业形态劳动者"),
    ("安康杯竞赛", "开展安全生产隐患排查和应急演练", "企业职工"),
)
UNITS = (("名", 50, 5000), ("人次", 200, 200000), ("万元", 5, 900), ("个", 3, 300), ("家", 5, 800),
         ("场", 2, 120), ("项", 2, 60), ("余人", 100, 30000))
FAMILIES = ("epaper", "page", "web", "wechat", "briefs", "pdf", "photo", "release")


@dataclass(frozen=True)
class Place:
    province: str
    city: str
    district: str


@lru_cache(maxsize=1)
def _places() -> tuple[Place, ...]:
    places = load_gazetteer().places
    by_code = {p.adcode: p for p in places}
    found = []
    for p in places:
        if p.level == "district" and p.name.endswith(("区", "县")):
            city = by_code.get(p.adcode[:4] + "00")
            province = by_code.get(p.adcode[:2] + "0000")
            if city is not None and province is not None and city.name != "市辖区":
                found.append(Place(province.name, city.name, p.name))
    return tuple(sorted(found, key=lambda p: (p.province, p.city, p.district)))


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[list[str], list[int]]:
    """Nouns, verbs and adjectives of jieba's dictionary (2–4 Han characters) and the
    cumulative frequencies to sample them by."""
    import jieba

    words, cumulative, total = [], [], 0
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if 2 <= len(word) <= 4 and tag[:1] in "nva" and all("\u4e00" <= c <= "\u9fff" for c in word):
            total += int(freq)
            words.append(word)
            cumulative.append(total)
    return words, cumulative


class Writer:
    """Writes articles and files from one seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.places = _places()
        self.words, self.cumulative = _vocabulary()

    def word(self) -> str:
        return self.words[bisect.bisect(self.cumulative, self.rng.randrange(self.cumulative[-1]))]

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2))))

    def people(self) -> str:
        unit, low, high = self.rng.choice(UNITS[:2] + UNITS[-1:])
        return self._figure(unit, low, high)

    def money(self) -> str:
        return f"{self.rng.randint(5, 900)}{self.rng.choice(('', '余', '多'))}万元"

    def figure(self) -> str:
        return self._figure(*self.rng.choice(UNITS))

    def _figure(self, unit: str, low: int, high: int) -> str:
        value = self.rng.randint(low, high)
        qualifier = self.rng.choice(("", "", "余", "多"))
        if unit == "余人":
            return f"{value}余人"
        return f"{value}{qualifier}{unit}" if qualifier and unit != "万元" else f"{value}{unit}"

    def article(self, year: int) -> dict:
        """Headline, byline and paragraphs of one article about one place in `year`."""
        rng = self.rng
        place = rng.choice(self.places)
        campaign, action, who = rng.choice(CAMPAIGNS)
        union = f"{place.district}总工会" if rng.random() < 0.7 else f"{place.city}总工会"
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        since = year - rng.randint(2, 8)
        short = place.district[:-1] if len(place.district) > 2 else place.district
        title = rng.choice((
            f"{short}：{campaign}惠及{who}{self.people()}",
            f"{place.district}总工会{action.split('，')[0]}",
            f"{union}启动{year}年{campaign}",
            f"{place.city[:-1]}{short}：{self.word()}里的{campaign}",
        ))
        lead = (f"{month}月{day}日，{place.province}{place.city}{union.removeprefix(place.city)}举行{campaign}启动仪式，"
                f"{action}，共惠及{who}{self.people()}。")
        # Body sentences drawn (with repeats, each with fresh words and figures) until the
        # article is as long as real reports: 400 to 1,500 characters.
        pool = [
            lambda: f"据介绍，今年{union}安排专项资金{self.money()}，围绕{self.word()}、{self.word()}和"
                    f"{self.word()}等{self.word()}，计划覆盖{who}{self.people()}。",
            lambda: f"自{since}年以来，{union}累计开展{campaign}活动{rng.randint(20, 400)}场，"
                    f"{self.word()}{self.word()}，受到{who}的{self.word()}。",
            lambda: f"“{self.word()}有了{self.word()}，我们{self.word()}更有{self.word()}了。”"
                    f"{who.split('、')[0]}{self.name()}说。",
            lambda: f"{union}负责人{self.name()}表示，下一步将{self.word()}{self.word()}，推动{campaign}向"
                    f"{self.word()}延伸，到{year + rng.randint(1, 3)}年实现{self.word()}全覆盖。",
            lambda: f"活动中，{union}还联合{place.city}{self.word()}部门，为{who}提供{self.word()}、{self.word()}等服务"
                    f"{rng.randint(2, 60)}项，发放{self.word()}{self.figure()}。",
            lambda: f"在{self.word()}方面，{union}{self.word()}{self.word()}机制，{self.word()}{who}{self.people()}。",
            lambda: f"{place.district}一家{self.word()}企业的工会主席{self.name()}介绍，企业建立了{self.word()}"
                    f"{self.word()}制度，每年投入{self.money()}用于{self.word()}和{self.word()}。",
            lambda: f"记者了解到，{place.city}各级工会已建成{self.word()}阵地{self.figure()}，"
                    f"覆盖{who}{self.people()}，{self.word()}、{self.word()}等{self.word()}一应俱全。",
            lambda: f"为做好{campaign}，{union}制定了《{self.word()}{self.word()}实施方案》，明确{self.word()}、"
                    f"{self.word()}、{self.word()}等{rng.randint(3, 12)}项重点任务，并将其纳入年度考核。",
            lambda: f"{year}年上半年，{union}共受理{who}{self.word()}诉求{rng.randint(10, 900)}件，"
                    f"办结率达{rng.randint(85, 99)}%，群众满意率{rng.randint(90, 99)}%。",
            lambda: f"此外，{union}还{self.word()}{self.word()}，{self.word()}{self.word()}{self.word()}，"
                    f"进一步{self.word()}了{self.word()}{self.word()}。",
            lambda: f"据统计，活动开展以来，累计{self.word()}{self.figure()}，{self.word()}{self.figure()}，"
                    f"帮助{who}解决{self.word()}问题{rng.randint(10, 500)}个。",
            lambda: f"“{self.word()}是{self.word()}的{self.word()}，{self.word()}就是{self.word()}。”"
                    f"{self.name()}一边{self.word()}一边说，{self.word()}的{self.word()}让大家{self.word()}。",
            lambda: f"{month}月以来，{union}组织{self.word()}{self.word()}小分队深入{self.word()}、{self.word()}"
                    f"等一线，走访{self.word()}{self.figure()}，收集意见建议{rng.randint(10, 300)}条。",
        ]
        body, length, wanted = [lead], len(lead), rng.randint(400, 1500)
        while length < wanted:
            sentence = rng.choice(pool)()
            body.append(sentence)
            length += len(sentence)
        paragraphs, i = [], 0
        while i < len(body):  # paragraphs of one to three sentences
            step = rng.randint(1, 3)
            paragraphs.append("".join(body[i:i + step]))
            i += step
        byline = rng.choice((f"本报记者 {self.name()} 通讯员 {self.name()}", f"本报记者 {self.name()}",
                             f"通讯员 {self.name()}", ""))
        return {"title": title, "byline": byline, "paragraphs": paragraphs, "year": year,
                "date": f"{year}-{month:02d}-{day:02d}", "place": place}


def _epaper(w: Writer, a: dict, paper: str) -> str:
    y, m, d = a["date"].split("-")
    lead = "本报讯 " if not a["byline"] else ""
    return "\n".join([f"《{paper}》（{y}年{m}月{d}日 0{w.rng.randint(1, 8)}版）", a["title"], a["byline"],
                      lead + a["paragraphs"][0], *a["paragraphs"][1:]])


def _page(w: Writer, articles: list[dict], paper: str) -> str:
    y, m, d = articles[0]["date"].split("-")
    parts = [f"{paper} {y}年{int(m)}月{int(d)}日 星期{w.rng.choice('一二三四五')} 第0{w.rng.randint(1, 8)}版：工会", ""]
    for a in articles:
        parts += [a["title"], a["byline"], "本报讯 " + a["paragraphs"][0], *a["paragraphs"][1:]]
        if w.rng.random() < 0.4:
            parts.append(f"（图为{a['place'].district}{w.word()}现场。{w.name()} 摄）")
        parts.append("")
    parts += [f"欢迎订阅{y}年度《{paper}》 邮发代号：21-8 全年定价：360元", "",
              f"责任编辑：{w.name()} 美术编辑：{w.name()} 校对：{w.name()}"]
    return "\n".join(parts)


def _web(w: Writer, a: dict, paper: str) -> str:
    site = w.rng.choice(SITES)
    date = a["date"].replace("-", w.rng.choice("-/"))
    return "\n".join(["您现在的位置：首页 > 工会新闻 > 市县动态", "", a["title"], "",
                      f"发布时间：{date} {w.rng.randint(8, 20)}:{w.rng.randint(10, 59)}    来源：{site}", "",
                      *("　　" + p for p in a["paragraphs"]), f"　　（{paper} {a['date']}）", "",
                      f"责任编辑：{w.name()}", "【打印】【关闭】"])


def _wechat(w: Writer, a: dict, paper: str) -> str:
    account = a["place"].district + "总工会"
    return "\n".join([a["title"], f"原创 {account} {a['place'].district[:-1]}工会",
                      f"{a['date']} {w.rng.randint(8, 22)}:{w.rng.randint(10, 59)} 发表于{a['place'].province[:2]}", "",
                      *a["paragraphs"], "", "点击蓝字 关注我们", f"阅读 {w.rng.randint(300, 9000)} 在看 {w.rng.randint(3, 90)}"])


def _briefs(w: Writer, articles: list[dict], paper: str) -> str:
    y, m, d = articles[0]["date"].split("-")
    items = [f"　　本报讯 {a['paragraphs'][0]}（{w.name()}）" for a in articles]
    return "\n".join([f"{paper}　{y}年{int(m)}月{int(d)}日　第0{w.rng.randint(2, 8)}版", "",
                      w.rng.choice(("新闻速递", "工会动态", "简讯")), *items])


def _pdf(w: Writer, a: dict, paper: str) -> str:
    text = _epaper(w, a, paper).split("\n")
    width = w.rng.randint(22, 36)
    lines = text[:3]
    for paragraph in text[3:]:
        lines += ["　　" + paragraph[:width - 2]] + [paragraph[i:i + width] for i in range(width - 2, len(paragraph), width)]
    page = w.rng.randint(1, 9)
    cut = len(lines) // 2
    return "\n".join(lines[:cut] + [f"— {page} —"] + lines[cut:] + [f"— {page + 1} —"])


def _photo(w: Writer, a: dict, paper: str) -> str:
    y, m, d = a["date"].split("-")
    return "\n".join([f"{paper}　{y}年{int(m)}月{int(d)}日", a["title"],
                      f"{int(m)}月{int(d)}日，{a['paragraphs'][0][a['paragraphs'][0].find('，') + 1:]}",
                      f"本报记者 {w.name()} 摄"])


def _release(w: Writer, a: dict, paper: str) -> str:
    y, m, d = a["date"].split("-")
    union = a["place"].district + "总工会"
    return "\n".join([a["title"], "", *a["paragraphs"], "", union + "办公室", f"{y}年{int(m)}月{int(d)}日"])


def generate(directory: Path, n_articles: int, *, seed: int = 2024) -> Path:
    """Write files holding `n_articles` articles (pages and brief boxes hold several) into
    `directory`, and the manifest beside it (file → family, articles' years)."""
    w = Writer(seed)
    directory.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict] = {}
    written = 0
    for number in itertools.count():
        if written >= n_articles:
            break
        family = FAMILIES[number % len(FAMILIES)]
        year = w.rng.choice(YEARS)
        paper = w.rng.choice(PAPERS)
        many = family in ("page", "briefs")
        count = min(w.rng.randint(3, 6) if many else 1, n_articles - written)
        articles = [w.article(year) for _ in range(count)]
        if many:
            text = (_page if family == "page" else _briefs)(w, articles, paper)
        else:
            text = {"epaper": _epaper, "web": _web, "wechat": _wechat, "pdf": _pdf, "photo": _photo,
                    "release": _release}[family](w, articles[0], paper)
        name = f"{family}_{number:06d}.txt"
        (directory / name).write_text(text + "\n", encoding="utf-8")
        manifest[name] = {"family": family, "years": [a["year"] for a in articles]}
        written += count
    manifest_path(directory).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return directory


def manifest_path(directory: Path) -> Path:
    """Beside the corpus folder, so that reading the folder does not meet it."""
    return directory.parent / f"{directory.name}.manifest.json"
