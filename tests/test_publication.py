"""Publication lines (mastheads, e-paper and web lines, WeChat headers, credits, furniture) are
read as metadata: what they say (source, ISO date, byline), never as text. Lines written in
the forms real sources print; names are invented."""
import pytest

from analysis.publication import Role, iso_date, read_line

M, P, C, CR, F = Role.MASTHEAD, Role.PUBLICATION, Role.CLOSING, Role.CREDIT, Role.FURNITURE


@pytest.mark.parametrize("line, role, source, date", [
    # page mastheads and bulletin heads
    ("三晋工人报 2022年6月8日 星期三 第05版：工会", M, "三晋工人报", "2022-06-08"),
    ("北方工人日报 2016年03月02日 00002版：工会", M, "北方工人日报", "2016-03-02"),
    ("陇原工人报  2019年11月20日  星期三  3", M, "陇原工人报", "2019-11-20"),
    ("高原工人报　2022.09.07　星期三　第二版　基层", M, "高原工人报", "2022-09-07"),
    ("2021年7月16日 星期五", M, "", "2021-07-16"),
    ("第3版 基层", M, "", ""),
    ("八桂职工报", M, "八桂职工报", ""),
    ("湖南省总工会办公室编                    2021年6月18日", M, "", "2021-06-18"),
    ("龙江工人报官方网站 | 龙工网首页", M, "龙江工人报", ""),
    # e-paper article lines and web reposts
    ("《燕赵职工报》（2019年07月18日 03版）", P, "燕赵职工报", "2019-07-18"),
    ("发布时间: 2021-05-12 10:31:07    来源: 齐鲁职工网", P, "齐鲁职工网", "2021-05-12"),
    ("2017-09-18 09:12:44来源：中工网——《之江工人报》", P, "之江工人报", "2017-09-18"),
    ("2019-12-20 15:03:11 京工网 | 编辑：马骁", P, "京工网", "2019-12-20"),
    ("发布日期：2020/4/11    信息来源：长春市总工会办公室    【字体：大 中 小】", P, "长春市总工会办公室", "2020-04-11"),
    ("来源：闽工客户端  2022-08-16 09:32", P, "闽工客户端", "2022-08-16"),
    ("转自：荆楚工人报　2016年6月21日", P, "荆楚工人报", "2016-06-21"),
    # WeChat
    ("原创 拱墅区总工会 拱墅工会", P, "拱墅工会", ""),
    ("2023-08-15 18:30 发表于浙江", P, "", "2023-08-15"),
    ("开封工会 2020年07月03日 09:15", P, "开封工会", "2020-07-03"),
    ("以下文章来源于中原职工报，作者王晓东", P, "中原职工报", ""),
    ("昨天 18:30", P, "", ""),
    # closing lines, credits, furniture
    ("（江淮工人报 2023-10-09）", C, "江淮工人报", "2023-10-09"),
    ("（来源：工人日报）", C, "工人日报", ""),
    ("（责任编辑：赵雪梅）", C, "", ""),
    ("本报记者 王海 摄", CR, "", ""),
    ("通讯员 陈小妹 摄影报道", CR, "", ""),
    ("首页 > 工会动态 > 基层风采", F, "", ""),
    ("您现在的位置：首页 > 工会新闻 > 市县动态", F, "", ""),
    ("【打印】【关闭】", F, "", ""),
    ("字号：大 中 小    浏览次数：1234", F, "", ""),
    ("Copyright © 2008-2024 中工网 版权所有", F, "", ""),
    ("— 3 —", F, "", ""),
    ("第 2 页 共 4 页", F, "", ""),
    ("阅读 1.2万", F, "", ""),
    ("上一篇  下一篇", None, "", ""),
])
def test_publication_lines_say_where_and_when(line, role, source, date):
    pub = read_line(line)
    if role is None:
        assert pub is None or pub.role is F
        return
    assert pub is not None, line
    assert (pub.role, pub.source, pub.date) == (role, source, date)


@pytest.mark.parametrize("line", [
    "石家庄长安区总工会为户外劳动者送清凉",
    "高温下的坚守",
    "【主席之声】",
    "本报讯 7月16日上午，石家庄市长安区总工会“夏送清凉”慰问活动启动。",
    "2023年，全市各级工会共慰问职工12万人次。",
    "自2016年以来，长安区总工会已连续4年开展活动",
    "全总下拨春节送温暖资金",
    "来源于职工的建议被采纳",
])
def test_text_is_never_a_publication_line(line):
    assert read_line(line) is None


def test_a_repost_keeps_the_original_it_cites():
    assert read_line("来源：中原职工报").cited
    assert not read_line("原创 拱墅区总工会 拱墅工会").cited


@pytest.mark.parametrize("text, iso", [
    ("2023-09-07", "2023-09-07"), ("2023/9/7", "2023-09-07"), ("2023.09.07", "2023-09-07"),
    ("2023年9月7日", "2023-09-07"), ("2023-02-30", ""), ("第2023期", ""),
])
def test_numeric_dates_in_every_form(text, iso):
    assert iso_date(text) == iso
