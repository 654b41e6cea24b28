"""Year inference on short texts: explicit dates, events, periods, weekday datelines, page."""
import pytest

from analysis.dates import find_year_evidence, infer_year, page_year_scores


@pytest.mark.parametrize(
    "text, year",
    [
        ("2017年9月28日，上饶市举办职工普惠活动。", 2017),
        ("市总工会在2023年建成休息室1400间，并部署了2024年工作计划。", 2023),
        ("上海航天局工会以贯彻落实十九届四中全会精神为契机。", 2019),
        ("在新中国成立70周年之际，区总工会举办职工摄影展。", 2019),
        ("团结奋斗开新局 喜迎工会十八大", 2023),
        ("各级工会深入开展党史学习教育，庆祝建党100周年。", 2021),
    ],
)
def test_year_from_text(text, year):
    assert infer_year(text).year == year


def test_weekday_dateline_pins_the_year_and_the_date():
    guess = infer_year("蹲点日记\n8月9日 星期三 晴\n今天，我们为网约车司机找到了“家”。工会十八大即将召开。")
    assert guess.year == 2023
    assert guess.date == "2023-08-09"


def test_plan_years_count_less_than_reported_years():
    assert infer_year("2022年全市新建职工之家80家，到2025年将实现全覆盖。").year == 2022


@pytest.mark.parametrize("text", [
    "该站点从2018年底起开展义诊活动，每周一次。",  # some year after 2018: which one is a guess
    "“十四五”期间，全市将新建职工之家200家。",
    "新就业形态劳动者入会人数持续增长，到2030年实现应入尽入。",
])
def test_only_broad_clues_leave_the_year_unknown_and_say_why(text):
    guess = infer_year(text)
    assert guess.year is None
    assert guess.evidence.startswith("仅有宽泛线索")


def test_the_publication_date_decides_over_years_in_the_body():
    guess = infer_year("自2016年以来，全区已建成驿站30个。2015年启动的活动今年继续。", published="2024-11-20",
                       published_by="版面日期：中原职工报 2024年11月20日 星期三")
    assert (guess.year, guess.date) == (2024, "2024-11-20")
    assert "中原职工报" in guess.evidence


def test_nothing_to_go_on_leaves_year_empty():
    guess = infer_year("职工书屋里书香四溢，职工们在这里读书学习。")
    assert guess.year is None and guess.evidence == ""


def test_page_context_dates_an_article_without_evidence():
    texts = ["2023年，泉州市总工会举办劳模工匠联学联创活动。", "汕头市总工会开展送清凉活动。"]
    pages = page_year_scores(texts)
    guess = infer_year(texts[1], page_scores=pages[1])
    assert guess.year == 2023 and "同版" in guess.evidence


def test_page_context_breaks_a_tie():
    text = "市总工会在2022年建成驿站20个，在2023年又建成30个。"
    assert infer_year(text).year == 2022
    pages = page_year_scores([text, "2023年8月，市总工会召开全委会。"])
    assert infer_year(text, page_scores=pages[0]).year == 2023


def test_a_current_event_marker_outweighs_a_past_date():
    assert infer_year("2021年6月起发放会员卡，截至今年6月覆盖30万人。喜迎工会十八大。").year == 2023


def test_evidence_labels_are_kept():
    labels = [e.label for e in find_year_evidence("学习贯彻十九届四中全会精神，2019年11月召开会议")]
    assert "2019年11月" in labels and "十九届四中全会（2019）" in labels


def test_years_inside_numbers_are_not_years():
    assert infer_year("共发放慰问金12023元，惠及职工3000人。").year is None
