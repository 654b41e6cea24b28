"""Page splitting on small pages written for the tests (the seeds are in test_accuracy)."""
from analysis.places import place_codes
from analysis.split import dedupe_paragraphs, split_page

TWO_NEWS = """
成都市总工会开展“送清凉”活动

本报讯（记者王明）日前，四川省成都市总工会组织慰问组走访环卫工人、快递员等户外劳动者，送去防暑降温物品。

此次活动共慰问一线职工3000余人，发放慰问品价值120万元。

绵阳：职工书屋覆盖全部乡镇

本报讯（通讯员李华）记者近日获悉，绵阳市总工会今年新建职工书屋45家，实现乡镇全覆盖。
"""


def titles(articles):
    return [a.title for a in articles]


def test_news_leads_open_articles_and_keep_bodies_apart():
    articles = split_page(TWO_NEWS)
    assert titles(articles) == ["成都市总工会开展“送清凉”活动", "绵阳：职工书屋覆盖全部乡镇"]
    assert "3000余人" in articles[0].body and "3000余人" not in articles[1].body
    assert articles[1].body.startswith("本报讯（通讯员李华）")


def test_captions_ads_and_debris_are_not_body():
    page = TWO_NEWS + """
↑慰问组在环卫站点为工人送上清凉包
图为职工在书屋阅读
张三 摄
招商公告
某某公司拟对食堂经营项目进行公开招商，欢迎符合条件的单位报名。
联系电话：028-12345678
"""
    articles = split_page(page)
    assert len(articles) == 2
    body = "\n".join(a.body for a in articles)
    assert "慰问组在环卫站点" not in body and "招商" not in body and "028-12345678" not in body
    assert "↑慰问组在环卫站点为工人送上清凉包" in articles[1].captions


def test_subheads_and_numbered_sections_stay_in_their_article():
    page = """
奋进新时代 建功新征程
——西安市总工会2023年工作综述
本报记者 赵强
2023年，西安市总工会团结动员全市职工建功立业，各项工作取得新成效。
1 思想引领有高度
全市各级工会开展宣讲活动1200余场，覆盖职工30万人次。
2 建功立业有力度
聚焦重点项目，西安市组织劳动竞赛260项，参赛职工8万余人。
服务职工有温度
全年发放困难职工帮扶资金2100万元，惠及职工1.2万户。
"""
    articles = split_page(page, places_of=place_codes)
    assert titles(articles) == ["奋进新时代 建功新征程"]
    assert articles[0].subtitle == "西安市总工会2023年工作综述"
    assert articles[0].byline == "本报记者 赵强"
    assert "2100万元" in articles[0].body and "1 思想引领有高度" in articles[0].body


def test_lone_heading_about_another_province_starts_an_article():
    page = """
杭州职工技能大赛落幕
本报讯 日前，杭州市总工会举办职工技能大赛，共有1200名职工参赛。
大赛设置电工、焊工等12个项目，杭州市总工会为获奖选手颁发证书。
合肥工会为新就业形态劳动者办实事
日前，安徽省合肥市总工会在蜀山区启用10家爱心驿站，为外卖骑手提供休息场所。
"""
    articles = split_page(page, places_of=place_codes)
    assert titles(articles) == ["杭州职工技能大赛落幕", "合肥工会为新就业形态劳动者办实事"]


def test_headline_printed_after_its_body_is_adopted():
    page = """
【主席访谈】
今年以来，佛山市南海区总工会聚焦新就业形态劳动者，建成驿站56个，服务职工10万人次。
下一步，南海区总工会将持续深化产业工人队伍建设改革，推动工会工作提质增效。
让职工有更多获得感
佛山市南海区总工会主席 陈伟
"""
    (article,) = split_page(page)
    assert article.title == "让职工有更多获得感"
    assert article.byline == "佛山市南海区总工会主席 陈伟"
    assert article.kicker == "主席访谈"


def test_lead_in_and_subtitle_markers_pick_the_main_headline():
    page = """
党政主导 工会力推 共建共享
武汉：爱心驿站成了民心工程
本报讯（记者张坤）记者近日获悉，湖北省武汉市总工会不断加强爱心驿站等服务阵地建设。
为帮助货车司机解决停车难、休息难问题，我们多方协调——
给货车司机找个“家”
本报记者 刘一
今天，我们终于帮货车司机找到了休息的地方，这段时间的努力有了收获。
"""
    articles = split_page(page)
    assert titles(articles) == ["武汉：爱心驿站成了民心工程", "给货车司机找个“家”"]
    assert articles[0].subtitle == "党政主导 工会力推 共建共享"


def test_source_line_names_the_paper_and_closes_the_article():
    page = """
上海市总推进职工工间休息室建设
记者日前从上海市总工会获悉，今年已建成职工工间休息室1400间。
来源：《工人日报》
“双进”活动走进南京电信
日前，南京市总工会开展劳模工匠进校园活动，走进中国电信南京分公司。
"""
    articles = split_page(page)
    assert titles(articles) == ["上海市总推进职工工间休息室建设", "“双进”活动走进南京电信"]
    assert articles[0].source == "工人日报"
    assert articles[1].source == ""


def test_paper_named_in_a_dateline_is_the_source():
    (article,) = split_page("虹口举办职工摄影展\n本报讯（劳动报记者李佳敏）虹口区总工会举办职工摄影展。\n")
    assert article.source == "劳动报"


def test_repeated_and_nearly_repeated_paragraphs_are_dropped():
    para = "街道总工会将继续努力，不断创新工作方式方法，进一步提高工会工作的针对性和实效性，为职工提供更好服务。"
    body = "\n".join([para, "另一段完全不同的文字，讲述职工书屋的建设情况和今后打算。", "了" + para[1:], para])
    assert dedupe_paragraphs(body).split("\n") == [para, "另一段完全不同的文字，讲述职工书屋的建设情况和今后打算。"]


def test_paragraph_broken_mid_sentence_is_rejoined():
    page = (
        "劳模精神代代传\n"
        "本报讯 近日，某市总工会大力弘扬劳模精神、劳动精神、工匠精神，同时注重典型的培养、选树和宣传\n"
        "工作，营造劳动光荣的企业风尚和精益求精的敬业风气。\n"
    )
    (article,) = split_page(page)
    assert "选树和宣传工作，营造劳动光荣" in article.body


def test_masthead_gives_the_paper_and_the_date_of_every_article():
    page = "南方工报\n2024年5月8日 星期三\n第3版 要闻\n" + TWO_NEWS
    articles = split_page(page)
    assert titles(articles) == ["成都市总工会开展“送清凉”活动", "绵阳：职工书屋覆盖全部乡镇"]
    assert {a.source for a in articles} == {"南方工报"}
    assert {a.date for a in articles} == {"2024-05-08"}
    assert "南方工报" not in articles[0].subtitle


def test_a_list_of_short_lines_is_not_a_string_of_articles():
    page = """
市总工会表彰一批先进集体
本报讯 日前，某市总工会表彰2023年度先进集体，名单如下：
市第一人民医院工会
市公交集团工会
市自来水公司工会
以上单位将获颁奖牌和奖金。
"""
    (article,) = split_page(page)
    assert article.title == "市总工会表彰一批先进集体"
    assert "市公交集团工会" in article.body and "以上单位将获颁奖牌" in article.body


def test_a_second_news_lead_after_a_finished_item_opens_a_headline_less_brief():
    page = """青秀区“送清凉”送到户外劳动者身边
本报讯 7月14日，南宁市青秀区总工会为环卫工人送去清凉物资。

新闻速递

本报讯（通讯员 覃海燕）近日，柳州市总工会开展职工书屋图书漂流活动，送出图书3000册。

本报讯 7月12日，桂林市总工会第十期劳模工匠宣讲团走进企业车间。

北海开展职工书屋图书交换
本报讯 日前，北海市总工会在市工人文化宫举办图书交换活动。
"""
    articles = split_page(page, places_of=place_codes)
    assert [a.title for a in articles] == ["青秀区“送清凉”送到户外劳动者身边", "", "", "北海开展职工书屋图书交换"]
    assert articles[1].kicker == "新闻速递" and "柳州市" in articles[1].body and "桂林" not in articles[1].body


def test_a_photo_credit_ends_its_item_and_is_never_the_next_byline():
    page = """美兰区：清凉饮品送到工地
　　8月10日，海口市美兰区总工会为建筑工人送上清凉饮品，共送去矿泉水200多箱。
　　本报记者 王海 摄
爱心驿站“上新”
　　图为8月6日，三亚市吉阳区总工会爱心驿站内，环卫工人在休息、用餐。
　　通讯员 陈小妹 摄影报道
"""
    first, second = split_page(page, places_of=place_codes)
    assert first.captions == ["本报记者 王海 摄"] and second.byline == ""
    assert second.title == "爱心驿站“上新”" and second.body.startswith("图为8月6日，三亚市吉阳区总工会")


def test_a_repost_keeps_its_new_headline_and_its_source_line():
    page = "在写字楼里也能借书还书了\n\n2025-04-30 08:15　　来源：申工客户端\n\n　　4月23日，普陀区总工会在长风生态商务区启动读书活动。\n"
    (article,) = split_page(page)
    assert (article.title, article.source, article.date) == ("在写字楼里也能借书还书了", "申工客户端", "2025-04-30")
    assert "来源" not in article.body


def test_the_articles_own_publication_line_outranks_the_page_masthead():
    page = ("某某工人报 2022年6月8日 星期三 第05版：工会\n小店区工会驿站成了快递小哥的加油站\n"
            "发布时间：2022-06-09 10:00 来源：三晋工会网\n本报讯 6月7日，太原市小店区总工会新建驿站12个。\n")
    (article,) = split_page(page)
    assert (article.source, article.date) == ("三晋工会网", "2022-06-09")


def test_a_publication_line_after_the_text_belongs_to_the_last_article():
    page = ("夷陵区：茶园里开来“流动职工之家”\n本报记者 覃慧敏\n　　盛夏时节，宜昌市夷陵区总工会改装服务车3辆。\n\n"
            "《工人日报》（2023年08月15日 05版）\n上一篇　　下一篇\n")
    (article,) = split_page(page)
    assert (article.source, article.date) == ("工人日报", "2023-08-15")


def test_a_source_at_the_end_of_the_last_paragraph_is_taken_out_of_the_text():
    page = ("卧龙区月季产业工会联合会成立\n　　7月5日，南阳市卧龙区月季产业工会联合会在石桥镇成立，首批吸纳企业工会28家，"
            "覆盖从业职工2400余人。（来源：宛都日报）\n【打印】【关闭】\n")
    (article,) = split_page(page)
    assert article.source == "宛都日报" and "来源" not in article.body


def test_a_bulletin_is_named_by_the_line_above_its_issue_number():
    page = ("秦工动态\n2018年第17期（总第342期）\n陕西省总工会办公室编　　　　　2018年9月12日\n\n"
            "汉台区总工会织密职工服务圈\n　　今年以来，汉中市汉台区总工会建成职工服务站点26个。\n")
    (article,) = split_page(page)
    assert (article.title, article.source, article.date) == ("汉台区总工会织密职工服务圈", "秦工动态", "2018-09-12")


def test_a_lone_headline_with_a_federation_at_work_opens_an_article():
    page = ("渭滨区装备制造业职工技能比武落幕\n　　本报讯 9月10日，宝鸡市渭滨区职工技能比武落幕，共有86名职工参赛。\n"
            "省总工会下拨金秋助学资金\n　　近日，陕西省总工会下拨金秋助学资金，资助困难职工子女2560名。\n")
    assert [a.title for a in split_page(page, places_of=place_codes)] == [
        "渭滨区装备制造业职工技能比武落幕", "省总工会下拨金秋助学资金"]
