"""Page lines: OCR punctuation repaired, page furniture dropped, wrapped paragraphs rejoined,
each line classified (LineKind)."""
import pytest

from analysis.lines import LineKind, classify_line, classify_page, clean_ocr, display_width, page_lines
from analysis.places import place_codes
from analysis.split import split_page


def test_ascii_punctuation_inside_chinese_is_repaired():
    assert clean_ocr("工会要始终保持政治性,先进性;群众性(三性)") == "工会要始终保持政治性，先进性；群众性（三性）"
    assert clean_ocr("覆盖率达98.5%,共3,000人") == "覆盖率达98.5%，共3,000人"


def test_fixed_width_wrapped_text_is_unwrapped():
    paragraph = (
        "本报讯 今年以来，成都市总工会持续深化产业工人队伍建设改革，组织开展各类劳动和技能竞赛"
        "三百余场，参赛职工超过十万人次，评选表彰成都工匠一百名，新建劳模和工匠人才创新工作室"
        "四十家，为全市经济社会高质量发展贡献了工会力量。"
    )
    second = "下一步，成都市总工会将进一步完善职工技能提升体系，推动更多一线职工成长为高技能人才，为建设践行新发展理念的公园城市示范区作出新贡献。"
    width = 20
    wrapped = [paragraph[i:i + width] for i in range(0, len(paragraph), width)]
    wrapped += [second[i:i + width] for i in range(0, len(second), width)]
    page = "成都工会助力产改\n" + "\n".join(wrapped) + "\n"
    lines = page_lines(page)
    assert lines == ["成都工会助力产改", paragraph, second]
    (article,) = split_page(page)
    assert article.title == "成都工会助力产改"




def test_a_paragraph_cut_by_a_pdf_page_break_joins_across_the_footer_and_running_header():
    page = ("工会工作简报\n第12期\n\n衡阳市总工会为女职工办好暖心实事\n\n"
            "　　衡阳市总工会将女职工关爱行动列入今年为职工办实事清单，统\n"
            "筹资金200万元，重点做好“两癌”筛查，向女职工发放《女职\n\n— 1 —\n\n工会工作简报 第12期\n\n"
            "工劳动保护特别规定》宣传册5000余册，惠及全市女职工。\n"
            "　　截至目前，全市已为1.3万名女职工开展免费筛查，新建爱心母\n"
            "婴室96个，其中市级示范母婴室10个，受到女职工普遍欢迎。\n"
            "　　市总工会还联合市妇幼保健院开展健康讲座38场，覆盖企业\n"
            "职工两万余人次，今后将把关爱行动延伸到新就业形态女职工。\n")
    lines = page_lines(page)
    assert "— 1 —" not in lines and lines.count("工会工作简报 第12期") == 0
    assert any("向女职工发放《女职工劳动保护特别规定》宣传册5000余册" in line for line in lines)
    assert any("新建爱心母婴室96个" in line for line in lines)


def test_print_width_counts_chinese_and_indent_as_two_columns():
    assert display_width("　　工会") == 8
    assert display_width("  工会12") == 10


@pytest.mark.parametrize("line, kind", [
    ("石家庄长安区总工会为户外劳动者送清凉", LineKind.HEADING),
    ("本报记者 韩立新 通讯员 马晓静", LineKind.BYLINE),
    ("图为环卫工人在爱心驿站休息。", LineKind.CAPTION),
    ("【主席之声】", LineKind.KICKER),
    ("■玉溪环卫工人吃上“爱心早餐”", LineKind.HEADING),
    ("■简讯", LineKind.KICKER),
    ("本报讯 7月16日上午，石家庄市长安区总工会“夏送清凉”慰问活动启动，为一线职工送上清凉物资和慰问金。", LineKind.BODY),
])
def test_each_line_gets_a_kind(line, kind):
    assert classify_line(line) is kind


def test_publication_lines_are_meta_and_carry_what_they_say():
    lines = classify_page("《燕赵职工报》（2019年07月18日 03版）\n石家庄长安区总工会为户外劳动者送清凉\n")
    assert lines[0].kind is LineKind.META and lines[0].pub.source == "燕赵职工报"
    assert lines[1].kind is LineKind.HEADING


def test_a_table_of_contents_is_not_a_run_of_headlines():
    page = "本期要目\n岳麓区以技能推动产改\n株洲市开展要约行动\n\n岳麓区以技能推动产改\n　　今年以来，长沙市岳麓区总工会推行技能薪酬激励机制。\n株洲市开展要约行动\n　　5月以来，株洲市总工会开展集体协商要约行动。\n"
    kinds = [line.kind for line in classify_page(page)]
    assert kinds[:2] == [LineKind.DEBRIS, LineKind.DEBRIS]
    assert [a.title for a in split_page(page, places_of=place_codes)] == ["岳麓区以技能推动产改", "株洲市开展要约行动"]


def test_a_headline_wrapped_in_a_narrow_column_is_joined_but_a_lead_in_is_not():
    body = "".join(f"　　第{n}段，区总工会在全区开展帮扶活动，走访慰问困难职工家庭。\n" for n in range(1, 9))
    wrapped = "兰州城关区总工会提前启动\n“冬送温暖”帮扶活动\n" + body
    assert page_lines(wrapped)[0] == "兰州城关区总工会提前启动“冬送温暖”帮扶活动"
    lead_in = "让新就业形态劳动者“有家可依”\n肃州区集中入会活动吸纳骑手快递员\n" + body
    assert page_lines(lead_in)[:2] == ["让新就业形态劳动者“有家可依”", "肃州区集中入会活动吸纳骑手快递员"]


# A hard-wrapped PDF copy (text written for these tests): every line but a paragraph's last
# holds 20 characters, the indent included; continuation lines begin with a lead-in that reads
# like a byline (记者了解到), digits, a percent sign, a comma, a closing quote and a 年-date,
# and a page number stands between two lines of one paragraph.
_WRAPPED_HEADER = ["《临江工人报》（2024年03月09日 05版）", "临江市总工会建成户外劳动者驿站", "本报记者 王立新", ""]
_WRAPPED_BODY = [
    "　　本报讯 今年以来，临江市总工会持续推",
    "进职工服务阵地建设，新建暖心驿站四十座。",
    "记者了解到，全市已建成户外劳动者服务站点",
    "三百余个，覆盖职工两万余人次。",
    "　　2023年上半年，市总工会受理职工诉",
    "求193件，已全部按时办结，办结率达99",
    "%，满意率92%。职工王芳说：“有了驿站",
    "— 4 —",
    "，我们干活更有劲了，心里也更加踏实安稳了",
    "。”截至今年3月底，市总工会累计投入资金",
    "681万元，帮职工解决实际问题156个。",
    "　　据统计，驿站自开放以来累计服务职工至",
    "2024年3月9日已达12万人次，今后将",
    "在全市新建驿站30座。",
]
_PARAGRAPHS = [
    "本报讯 今年以来，临江市总工会持续推进职工服务阵地建设，新建暖心驿站四十座。记者了解到，全市已建成户外"
    "劳动者服务站点三百余个，覆盖职工两万余人次。",
    "2023年上半年，市总工会受理职工诉求193件，已全部按时办结，办结率达99%，满意率92%。职工王芳说：“有了驿站，"
    "我们干活更有劲了，心里也更加踏实安稳了。”截至今年3月底，市总工会累计投入资金681万元，帮职工解决实际问题156个。",
    "据统计，驿站自开放以来累计服务职工至2024年3月9日已达12万人次，今后将在全市新建驿站30座。",
]


def _wrap(paragraph: str, width: int, *, columns: bool = False) -> list[str]:
    """A paragraph indented and hard-wrapped at `width` characters, or print columns."""
    lines, line = [], "　　"
    for char in paragraph:
        if (display_width(line + char) > width) if columns else len(line) >= width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line]


def test_a_hard_wrapped_pdf_copy_stays_one_article_with_its_whole_text():
    assert {len(line) for line in _WRAPPED_BODY if not line.startswith("—")} >= {20}
    text = "\n".join(_WRAPPED_HEADER + _WRAPPED_BODY + ["— 5 —"]) + "\n"
    (article,) = split_page(text, places_of=place_codes)
    assert (article.title, article.byline, article.source) == ("临江市总工会建成户外劳动者驿站", "本报记者 王立新", "临江工人报")
    assert article.body.replace("\n", "") == "".join(_PARAGRAPHS)
    assert "2023年上半年，市总工会受理职工诉求193件" in article.body.split("\n")[-2]


@pytest.mark.parametrize("width, columns", [(w, False) for w in range(14, 38, 2)] + [(w, True) for w in range(31, 76, 4)])
def test_a_paragraph_wrapped_at_any_width_in_characters_or_print_columns_is_rejoined(width, columns):
    lines = [line for paragraph in _PARAGRAPHS for line in _wrap(paragraph, width, columns=columns)]
    middle = len(lines) // 2
    text = "\n".join(_WRAPPED_HEADER + lines[:middle] + ["— 4 —"] + lines[middle:] + ["— 5 —"]) + "\n"
    (article,) = split_page(text, places_of=place_codes)
    assert article.title == "临江市总工会建成户外劳动者驿站"
    assert article.body.split("\n") == _PARAGRAPHS


def test_two_articles_on_one_hard_wrapped_page_stay_two():
    second = [
        "江北区总工会为环卫工人送清凉",
        "通讯员 李晓红",
        *_wrap("本报讯 7月12日，江北区总工会走进环卫站点，为一线环卫工人送去防暑降温用品，共惠及职工860余名。", 22),
        *_wrap("2024年以来，区总工会已累计投入慰问资金35万元，今后将把送清凉活动覆盖到全区所有户外岗位。", 22),
    ]
    first = [line for paragraph in _PARAGRAPHS for line in _wrap(paragraph, 22)]
    text = "\n".join(_WRAPPED_HEADER + first + ["— 4 —"] + second + ["— 5 —"]) + "\n"
    articles = split_page(text, places_of=place_codes)
    assert [a.title for a in articles] == ["临江市总工会建成户外劳动者驿站", "江北区总工会为环卫工人送清凉"]
    assert articles[0].body.split("\n") == _PARAGRAPHS
    assert articles[1].byline == "通讯员 李晓红" and articles[1].body.endswith("覆盖到全区所有户外岗位。")


def test_a_headline_longer_than_a_heading_line_is_one_above_its_byline_or_dateline():
    headline = "积石山保安族东乡族撒拉族自治县总工会启动2024年户外劳动者服务站点建设"
    assert len(headline) > 34 and classify_line(headline) is LineKind.BODY
    body = "本报讯 3月9日，临江市总工会举行户外劳动者服务站点建设启动仪式，新建驿站四十座，惠及职工两千余人。"
    page = f"临江市总工会建成户外劳动者驿站\n本报记者 王立新\n{body}\n{headline}\n通讯员 李晓红\n{body}\n"
    assert [a.title for a in split_page(page)] == ["临江市总工会建成户外劳动者驿站", headline]
    repost = f"{headline}\n原创 临江市总工会 临江工会\n2024-03-09 16:42 发表于甘肃\n{body}\n"
    (article,) = split_page(repost)
    assert (article.title, article.date) == (headline, "2024-03-09")
    # a paragraph's unfinished line above a byline-like line stays running text
    assert classify_page(f"{body[:-1]}，并为职工送去清凉用品和慰问金共计三十余万元\n记者 王立新\n")[0].kind is LineKind.BODY
