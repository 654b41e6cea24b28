"""Figure extraction: focused rules on short texts, and recall/precision on the seeds' gold."""
from pathlib import Path

import pytest
import yaml

from analysis.metrics import extract_metrics, parse_number

GOLD = yaml.safe_load((Path(__file__).parent / "gold" / "seed_metrics.yaml").read_text("utf-8"))


def one(text):
    (metric,) = extract_metrics(text)
    return metric


@pytest.mark.parametrize(
    "text, value, unit, qualifier, subject, category",
    [
        ("参赛职工40万余人次", 400000, "人次", "余", "参赛职工", "people"),
        ("投入资金7.18亿元", 718000000, "元", "", "资金", "money"),
        ("新建活动场所38家", 38, "家", "", "活动场所", "facilities"),
        ("参与职工近2000人", 2000, "人", "近", "参与职工", "people"),
        ("惠及两万多一线职工", 20000, "人", "多", "一线职工", "people"),
        ("覆盖率达98%", 98, "%", "", "覆盖率", "percentage"),
        ("三千余名职工参加", 3000, "名", "余", "职工", "people"),
        ("1.2亿元专项资金", 120000000, "元", "", "专项资金", "money"),
        ("服务职工400余万人次", 4000000, "人次", "余", "职工", "people"),
        ("入会职工59.12万人", 591200, "人", "", "入会职工", "people"),
        ("建筑面积1.5万㎡", 15000, "㎡", "", "建筑面积", "facilities"),
        ("举办普法活动35场次", 35, "场次", "", "普法活动", "events"),
        ("关注职工近万人", 10000, "人", "近", "职工", "people"),
        ("上万名职工参与", 10000, "名", "上", "职工", "people"),
        ("逾千人次参加培训", 1000, "人次", "逾", "", "people"),
        ("全年共帮扶困难职工1.5万户", 15000, "户", "", "困难职工", "people"),
        ("入会率达到百分之九十八", 98, "%", "", "入会率", "percentage"),
        ("同比增长12.5%", 12.5, "%", "", "同比增长", "percentage"),
        ("较去年提高3个百分点", 3, "个百分点", "", "提高", "percentage"),
        ("为600余个职工家庭解决难题", 600, "个", "余", "职工家庭", "people"),
        ("建成1000间以上休息室", 1000, "间", "以上", "休息室", "facilities"),
    ],
)
def test_figure_fields(text, value, unit, qualifier, subject, category):
    metric = one(text)
    assert (metric.value, metric.unit, metric.qualifier, metric.subject, metric.category) == (
        value, unit, qualifier, subject, category,
    )
    assert text[metric.start:metric.end] == metric.surface


@pytest.mark.parametrize(
    "text, low, high, unit",
    [
        ("每户补助3至5万元", 30000, 50000, "元"),
        ("每月增加50—200元工资", 50, 200, "元"),
        ("联系服务8家至10家单位", 8, 10, "家"),
        ("建筑面积4200㎡~5200㎡", 4200, 5200, "㎡"),
    ],
)
def test_ranges_keep_both_ends(text, low, high, unit):
    metric = one(text)
    assert (metric.value, metric.value_high, metric.unit) == (low, high, unit)


@pytest.mark.parametrize(
    "text",
    [
        "2017年9月28日举行",
        "召开第十八次代表大会",
        "纪念新中国成立70周年",
        "弘扬“三个精神”",
        "以“一提升、两强化”活动为抓手",
        "1 在思想教育上下功夫",
        "咨询电话0571-87654321",
        "57岁的马师傅",
        "学习十九届四中全会精神",
        "一张蓝图绘到底",
        "“培训、比武、晋级、创新”四位一体的技能提升",
        "已实现100人以上企业动态清零",
        "连续5年举办劳动竞赛",
        "以每周两次的频率开展",
        "全年每周二、四同时报道",
        "景区门票5折",
        "深化万名职工技能登高行动",
        "市总四届委员及县区工会主席",
    ],
)
def test_not_figures(text):
    assert extract_metrics(text) == []


def test_sentence_and_offsets_point_back_into_the_text():
    text = "近年来开展竞赛820余场次。参赛职工40万余人次，成效明显。"
    second = extract_metrics(text)[1]
    assert second.sentence == "参赛职工40万余人次，成效明显。"
    assert text[second.start:second.end] == "40万余人次"


@pytest.mark.parametrize("text, value", [("三千", 3000), ("两万", 20000), ("5.2万", 52000), ("一点二亿", 120000000), ("1,200", 1200)])
def test_numeral_conversion(text, value):
    assert parse_number(text) == value


def score(gold: dict, texts_of) -> tuple[float, float, list, list]:
    """Recall, precision, missed gold figures, extra figures; `texts_of(file)` → article texts."""
    found = gold_total = matched = 0
    misses, extras = [], []
    for file, expected in gold.items():
        got = [m for text in texts_of(file) for m in extract_metrics(text)]
        remaining = [tuple(g) for g in expected]
        found += len(got)
        gold_total += len(remaining)
        for m in got:
            hit = next((g for g in remaining if _same(m, g)), None)
            if hit is not None:
                remaining.remove(hit)
                matched += 1
            else:
                extras.append((file[:3], m.surface, m.unit))
        misses += [(file[:3], g) for g in remaining]
    return matched / gold_total, matched / found, misses, extras


def score_against_gold(seed_corpus):
    articles = seed_corpus.articles
    return score(GOLD, lambda file: articles.loc[articles["file"] == file, "text"])


def _same(metric, gold) -> bool:
    value, unit = gold[0], gold[-1]
    if metric.unit != unit or abs(metric.value - value) > 0.005 * abs(value):
        return False
    if len(gold) == 3:
        return metric.value_high is not None and abs(metric.value_high - gold[1]) <= 0.005 * gold[1]
    return True


def test_recall_and_precision_on_the_seeds(seed_corpus):
    recall, precision, misses, extras = score_against_gold(seed_corpus)
    assert recall >= 0.90, misses
    assert precision >= 0.90, extras


WRITTEN = yaml.safe_load((Path(__file__).parent / "gold" / "written_metrics.yaml").read_text("utf-8"))


def test_recall_and_precision_on_pages_written_for_the_tests():
    from analysis import load_corpus

    pages = Path(__file__).parent / "data" / "pages"
    recall, precision, misses, extras = score(WRITTEN, lambda name: load_corpus([pages / name]).articles["text"])
    assert recall >= 0.90 and precision >= 0.90, (misses, extras)


def test_corpus_carries_metrics_whose_offsets_point_into_article_text(seed_corpus):
    metrics = seed_corpus.metrics
    assert len(metrics) >= 150
    texts = seed_corpus.articles.set_index("article_id")["text"]
    for row in metrics.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.surface


def test_cli_metrics_columns_and_filters():
    import csv
    import io
    import subprocess
    import sys

    from analysis.schema import METRIC_COLUMNS

    result = subprocess.run(
        [sys.executable, "-m", "analysis", "metrics", "--province", "江西", "--format", "csv"],
        capture_output=True, text=True, cwd=Path(__file__).parent.parent, timeout=120,
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == METRIC_COLUMNS
    assert {r["file"] for r in rows} == {"003_12d7daba6f66d180.txt"}
    assert any(r["surface"] == "7.18亿元" and float(r["value"]) == 718000000 and r["unit"] == "元" for r in rows)
    ranged = next(r for r in rows if r["surface"].startswith("4200"))
    assert (float(ranged["value"]), float(ranged["value_high"])) == (4200, 5200)


def test_summary_flags_approximate_and_overlapping_figures(seed_corpus):
    from analysis.metrics import summarise_metrics

    shanghai = seed_corpus.metrics[seed_corpus.metrics["title"] == "上海市总推进职工工间休息室建设"]
    table = summarise_metrics(shanghai).set_index("unit")
    rooms = table.loc["间"]
    assert rooms["figures"] == 5 and rooms["overlapping"] == 2  # 1400 and 1000 restated
    assert rooms["approximate"] == 2  # "1000间以上" twice
