"""Region inference on short texts written for each ambiguity the issue names."""
import pytest

from analysis.places import find_mentions, infer_region, page_support_of


def region(title="", body="", byline="", page=None):
    r = infer_region({"title": title, "body": body, "byline": byline}, page_support=page)
    return r.province, r.city, r.district


def test_putuo_with_zhoushan_landmark_is_zhoushan():
    assert region(
        "普陀区总工会开展送清凉活动",
        "日前，舟山市普陀区总工会走访沈家门渔港一线职工，送上清凉慰问品。",
    ) == ("浙江省", "舟山市", "普陀区")


def test_putuo_with_shanghai_context_is_shanghai():
    assert region(
        "普陀区总工会开展送清凉活动",
        "日前，上海市普陀区总工会走访长风街道一线职工，送上清凉慰问品。",
    ) == ("上海市", "上海市", "普陀区")


@pytest.mark.parametrize(
    "city, province",
    [("南京市", "江苏省"), ("福州市", "福建省"), ("徐州市", "江苏省"), ("开封市", "河南省")],
)
def test_gulou_follows_the_city_named_in_the_article(city, province):
    body = f"近日，{city}鼓楼区总工会举办职工运动会，鼓楼区各基层工会组队参赛。"
    assert region("鼓楼区职工运动会开幕", body) == (province, city, "鼓楼区")


def test_bare_ambiguous_district_takes_the_reading_that_fits_the_page():
    page = page_support_of([
        {"title": "普陀区总工会慰问职工", "body": "普陀区总工会走访慰问一线职工。"},
        {"title": "舟山市总工会召开全委会", "body": "舟山市总工会召开全委会议，浙江省总工会领导出席。"},
    ])
    assert region("普陀区总工会慰问职工", "普陀区总工会走访慰问一线职工。", page=page[0]) == (
        "浙江省", "舟山市", "普陀区",
    )


def test_bare_ambiguous_district_without_any_context_stays_unresolved():
    assert region("普陀区总工会慰问职工", "普陀区总工会走访慰问一线职工。") == (None, None, None)


def test_shanghai_headline_with_hongkou_in_body():
    assert region(
        "上海职工文化节开幕",
        "本报讯 上海职工文化节昨天开幕，虹口区职工艺术团带来精彩演出。",
    ) == ("上海市", "上海市", "虹口区")


def test_municipality_city_is_the_municipality_itself():
    assert region("天津职工技能大赛落幕", "天津市总工会举办的职工技能大赛落下帷幕。") == ("天津市", "天津市", None)


def test_national_body_is_filed_under_quanguo():
    assert region(
        "全总部署开展工会送清凉活动",
        "中华全国总工会近日印发通知，要求各级工会做好高温天气劳动保护工作。全总将派出督查组。",
    ) == ("全国", None, None)


def test_national_honours_do_not_make_an_article_national():
    assert region(
        "德州市总工会表彰劳动模范",
        "德州市总工会召开大会，表彰全国劳动模范和山东省劳动模范代表。",
    ) == ("山东省", "德州市", None)


def test_province_wide_article_is_not_pinned_to_one_city():
    body = (
        "四川省总工会开展“工会进万家”活动。四川省各级工会干部深入基层，成都市、绵阳市、"
        "南充市等地工会组织职工座谈。四川省总工会要求各地工会建立问题清单。"
    )
    assert region("四川工会进万家", body) == ("四川省", None, None)


def test_short_district_names_need_their_city():
    # 和平 is a district of 沈阳 and 天津, and an everyday word.
    assert region("职工和平共处", "职工之间和平相处，共建和谐企业。") == (None, None, None)
    assert region("沈阳职工运动会", "沈阳市和平区总工会组织职工运动会。")[2] == "和平区"


def test_mentions_are_leftmost_longest_with_union_flag():
    mentions = find_mentions("普陀区总工会和上饶市总工会")
    assert [(m.surface, m.union) for m in mentions] == [("普陀区", True), ("上饶市", True)]
    assert {p.city for p in mentions[0].candidates} == {"上海市", "舟山市"}


def test_evidence_names_the_deciding_mentions():
    r = infer_region({"title": "普陀区总工会送清凉", "body": "舟山市普陀区总工会走访一线职工。"})
    assert "普陀区" in r.evidence and "标题" in r.evidence
    assert r.adcode == "330903" and r.lat is not None


@pytest.mark.parametrize(
    "town, city",
    [("五凤街道", "福州市"), ("宁海路街道", "南京市")],
)
def test_a_township_settles_an_ambiguous_district(town, city):
    body = f"日前，鼓楼区总工会走进{town}，为一线职工送上清凉。"
    assert region("鼓楼区总工会开展送清凉", body)[1:] == (city, "鼓楼区")


def test_a_township_alone_places_the_article():
    province, city, _ = region("职工书屋落户社区", "日前，沈家门街道总工会新建职工书屋一家。")
    assert (province, city) == ("浙江省", "舟山市")


def test_city_union_report_citing_one_district_stays_city_level():
    body = "本报讯 武汉市总工会不断加强爱心驿站建设，在武昌区建成示范驿站。武汉市总工会还将推广经验。"
    assert region("武汉：爱心驿站成了民心工程", body) == ("湖北省", "武汉市", None)


def test_a_place_that_names_a_cup_or_prize_is_not_where_it_happened():
    from analysis.places import infer_region

    region = infer_region({"title": "省总工会部署2019年度“安康杯”竞赛", "body": "湖南省总工会印发通知，在全省启动“安康杯”竞赛活动。"})
    assert region.province == "湖南省"


def test_an_ambiguous_district_falls_back_to_the_publications_home_province():
    from analysis.places import home_province, infer_region

    parts = {"title": "普陀12家楼宇职工书屋揭牌", "body": "普陀区总工会在长风生态商务区启动读书活动。"}
    assert infer_region(parts).province is None  # 上海 or 舟山: nothing in the article decides
    region = infer_region(parts, home=home_province("申工客户端"))
    assert (region.province, region.district) == ("上海市", "普陀区")
    assert "刊发媒体所在省份" in region.evidence
    assert home_province("工人日报") is None and home_province("八闽工人报") == "350000"
