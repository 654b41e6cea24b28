"""Every page runs on the seeds through Streamlit's AppTest and shows what a user expects."""
import errno
import re
import json
import os

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
PAGES = [
    "pages/overview.py", "pages/terms.py", "pages/themes.py", "pages/metrics.py",
    "pages/compare.py", "pages/trends.py", "pages/reader.py", "pages/articles.py", "pages/corpus.py",
]


def run_app(params=None, page=None):
    """Open the app at `page` (default: the entry's default page) with the URL `params`.

    The page is requested on the first run, as when a copied URL is opened. AppTest
    resets Streamlit's page-folder flag before every run, so a later run of a page reached
    through the entry's navigation would execute the page file alone with fresh widget ids;
    naming the page from the start keeps every run of a test on the same path.
    """
    at = AppTest.from_file(str(APP), default_timeout=60)
    if page:
        at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def chart_titled(at, title):
    """The plotly spec of the chart whose title starts with `title`."""
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if spec["layout"].get("title", {}).get("text", "").startswith(title):
            return spec
    raise AssertionError(f"no chart titled {title}")


def test_overview_shows_counts_map_years_top_terms_and_recent_articles(seed_corpus):
    at = run_app()
    assert not at.exception
    assert metric(at, "文件数") == "5"
    assert metric(at, "文章数") == str(len(seed_corpus.articles))
    assert metric(at, "省份数") == str(seed_corpus.articles["province"].nunique())
    assert metric(at, "年份") == "2017–2023"
    assert metric(at, "指标数") == str(len(seed_corpus.metrics))
    years_chart = chart_titled(at, "各年份文章数")
    by_year = years_chart["data"][0]
    assert [str(x) for x in by_year["x"]] == ["2017", "2019", "2022", "2023"]
    assert years_chart["layout"]["yaxis"]["dtick"] >= 1  # article counts tick at whole numbers
    chart = chart_titled(at, "高频词")
    terms = list(chart["data"][0]["y"])
    assert terms[-1] == "职工"  # biggest bar on top
    recent = next(m.value for m in at.markdown if m.value.startswith("- **"))
    lines = recent.split("\n")
    newest = seed_corpus.articles.sort_values("year", ascending=False).iloc[0]
    assert len(lines) == 8 and f"{newest['year']}年" in lines[0]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("下载 PNG") == 3 and labels.count("下载数据 CSV") == 3  # map, years, terms


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_and_with_filters(page):
    plain = run_app(page=page)
    assert not plain.exception
    filtered = run_app({"file": "001_30390a7628cb219f.txt"}, page=page)
    assert not filtered.exception


def test_url_file_filter_restores_the_selection():
    at = run_app({"file": "001_30390a7628cb219f.txt"})
    assert metric(at, "文章数") == "1"
    assert at.multiselect(key="f_file").value == ["001_30390a7628cb219f.txt"]
    assert at.query_params["file"] == "001_30390a7628cb219f.txt"


def test_changing_a_filter_writes_the_url():
    at = run_app(page="pages/overview.py")
    at.multiselect(key="f_file").select("003_12d7daba6f66d180.txt").run()
    assert at.query_params["file"] == "003_12d7daba6f66d180.txt"
    assert metric(at, "文件数") == "1"


def test_bad_url_filter_shows_a_chinese_message_and_keeps_working():
    at = run_app({"district": "鼓楼"})
    assert not at.exception
    assert any("有歧义" in e.value for e in at.sidebar.error)
    assert metric(at, "文件数") == "5"


def test_empty_selection_is_explained():
    at = run_app({"q": "不可能出现的词语组合"})
    assert not at.exception
    assert any("没有符合" in i.value for i in at.info)


def test_articles_page_lists_and_reads(seed_corpus):
    at = run_app({"file": "004_66c869982efe675a.txt"}, page="pages/articles.py")
    assert not at.exception
    n = int((seed_corpus.articles["file"] == "004_66c869982efe675a.txt").sum())
    assert at.caption[0].value == f"共 {n} 篇文章"
    assert len(at.dataframe[0].value) == n
    assert at.subheader[0].value == at.selectbox(key="article").format_func(at.selectbox(key="article").value).rsplit("（", 1)[0]


def submit_correction(**fields):
    """Open 文章 on the 上饶 page, fill the correction form (label → value) and submit it."""
    at = run_app({"file": "003_12d7daba6f66d180.txt"}, page="pages/articles.py")
    form_inputs = {t.label: t for t in at.text_input}
    for label, value in fields.items():
        form_inputs[label].input(value)
    next(b for b in at.get("form_submit_button")).click()
    at.run()
    assert not at.exception
    return at


def test_correcting_an_article_updates_it_and_survives_a_new_session(temp_data_dir):
    before = run_app({"file": "003_12d7daba6f66d180.txt"}, page="pages/articles.py")
    assert any("江西省/上饶市" in m.value for m in before.markdown)
    submit_correction(区县="信州", 年份="2018")
    assert (temp_data_dir / "overrides.json").exists()
    fresh = run_app({"file": "003_12d7daba6f66d180.txt"}, page="pages/articles.py")
    assert any("江西省/上饶市/信州区" in m.value for m in fresh.markdown)
    assert any("2018" in m.value for m in fresh.markdown)
    assert any("人工更正" in c.value for c in fresh.caption)


def test_an_impossible_correction_is_refused_in_chinese(temp_data_dir):
    at = submit_correction(城市="", 区县="鼓楼")
    assert any("不在江西省范围内" in e.value for e in at.error)
    assert not (temp_data_dir / "overrides.json").exists()


def _failing_disk(code):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


def test_a_correction_on_a_read_only_data_dir_is_refused_and_changes_nothing(temp_data_dir, monkeypatch):
    submit_correction(年份="2019")
    before = (temp_data_dir / "overrides.json").read_bytes()
    import analysis.atomic

    monkeypatch.setattr(analysis.atomic.tempfile, "mkstemp", _failing_disk(errno.EROFS))
    at = submit_correction(年份="2016")
    assert any("无法写入数据目录（数据目录只读）" in e.value for e in at.error)
    assert (temp_data_dir / "overrides.json").read_bytes() == before


def test_saving_words_on_a_full_disk_says_so_and_keeps_the_old_settings(temp_data_dir, monkeypatch):
    import analysis.atomic
    from analysis.settings import Settings, save_settings, user_settings

    save_settings(temp_data_dir, Settings(words=["职工书屋"]))
    monkeypatch.setattr(analysis.atomic.tempfile, "mkstemp", _failing_disk(errno.ENOSPC))
    at = run_app(page="pages/terms.py")
    at.text_area(key="user_words").input("职工书屋\n爱心驿站")
    at.button(key="save_words").click().run()
    assert not at.exception
    assert any("磁盘已满" in e.value for e in at.error)
    assert user_settings(temp_data_dir).words == ["职工书屋"]


def test_metrics_page_table_search_and_highlighted_sentence(seed_corpus):
    at = run_app(page="pages/metrics.py")
    assert not at.exception
    total = len(seed_corpus.metrics)
    assert at.caption[0].value.startswith(f"共 {total} 个指标")
    at.text_input(key="metric_q").input("龙卡").run()
    table = at.dataframe[0].value
    assert {"26.3万张", "23.6万张"} <= set(table["原文"]) and len(table) < 15
    row = table["原文"].tolist().index("26.3万张")
    at.session_state["metric_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    marked = [m.value for m in at.markdown if "<mark" in m.value]
    assert len(marked) == 1 and ">26.3万张</mark>" in marked[0]
    assert any(b.proto.label == "下载指标 CSV" for b in at.get("download_button"))


def test_overview_map_counts_articles_per_province_then_per_city(seed_corpus):
    at = run_app()
    assert not at.exception
    traces = chart_titled(at, "各省份文章数地图")["data"]
    regions = {t["name"]: t["text"] for t in traces if t.get("fill") == "toself"}
    assert len(regions) == 34  # every province-level region is drawn, with or without articles
    in_shanghai = int((seed_corpus.articles["province"] == "上海市").sum())
    assert regions["上海市"] == f"上海市：{in_shanghai} 篇"
    assert regions["西藏自治区"].endswith("：0 篇")
    at = run_app({"province": "浙江"})
    traces = chart_titled(at, "浙江省各市文章数")["data"]
    cities = {t["name"]: t["text"] for t in traces if t.get("fill") == "toself"}
    assert len(cities) == 11 and cities["舟山市"] == "舟山市：1 篇"
    at = run_app({"province": "上海"})
    districts = {t["name"] for t in chart_titled(at, "上海市各区文章数")["data"] if t.get("fill") == "toself"}
    assert {"虹口区", "闵行区"} <= districts


def test_metrics_page_warns_when_totals_mix_approximate_figures():
    at = run_app({"province": "江西"}, page="pages/metrics.py")
    at.selectbox(key="metric_unit").select("人").run()
    assert not at.exception
    assert any("约数" in w.value for w in at.warning)
    chart = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert list(chart["data"][0]["x"]) == ["江西省"]


def test_metrics_page_explains_an_empty_selection():
    at = run_app({"q": "不可能出现的词语组合"}, page="pages/metrics.py")
    assert not at.exception
    assert any("没有" in i.value for i in at.info)


def test_terms_page_groups_and_saves_stopwords(temp_data_dir, seed_corpus):
    at = run_app(page="pages/terms.py")
    assert not at.exception
    first = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]
    assert "职工" in list(first)
    at.text_area(key="user_stopwords").input("职工")
    at.button(key="save_words").click().run()
    assert not at.exception
    assert (temp_data_dir / "settings.json").exists()
    after = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]
    assert "职工" not in list(after)
    at.selectbox(key="terms_by").select("province").run()
    assert set(at.selectbox(key="terms_group").options) == set(seed_corpus.articles["province"].dropna())


def test_themes_page_heatmaps_topics_and_lexicon_validation(temp_data_dir):
    at = run_app(page="pages/themes.py")
    assert not at.exception
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heatmap["type"] == "heatmap" and "上海市" in heatmap["y"]
    assert len(at.dataframe[0].value) == 6
    at.text_area(key="lexicon_text").input("themes: [")
    at.button(key="save_lexicon").click().run()
    assert any("主题词表格式不对" in e.value for e in at.error)
    assert not (temp_data_dir / "themes.yaml").exists()


def test_theme_filter_from_the_url():
    at = run_app({"theme": "新就业形态"}, page="pages/articles.py")
    assert not at.exception
    titles = at.dataframe[0].value["标题"].tolist()
    assert "给网约车司机找个“家”" in titles and len(titles) < 17


def test_compare_page_keyness_ranks_region_words():
    at = run_app({"province": ["上海市", "江苏省"]}, page="pages/compare.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert table.iloc[0]["G²（带符号）"] > 0
    scatter = json.loads(at.get("plotly_chart")[2].proto.spec)["data"][0]
    assert scatter["type"] == "scatter"
    from ui.charts import region_color

    for region in ("上海市", "江苏省"):  # each region's bars in its own colour, as on every page
        bars = chart_titled(at, region)["data"][0]
        assert bars["marker"]["color"] == region_color(region)
    assert region_color("上海市") != region_color("江苏省")


def test_compare_page_needs_two_groups():
    at = run_app({"province": "上海市"}, page="pages/compare.py")
    assert not at.exception
    assert any("至少需要两个" in i.value for i in at.info)


def test_trends_page_warns_about_thin_years():
    at = run_app(page="pages/trends.py")
    assert not at.exception
    line = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert {trace["name"] for trace in line} == set(at.multiselect(key="trend_words").value)
    assert any("文章很少" in w.value for w in at.warning)


def test_reader_kwic_and_escaped_highlight():
    at = run_app(page="pages/reader.py")
    at.text_input(key="kwic_term").input("爱心驿站").run()
    assert not at.exception
    assert "出现" in at.caption[0].value
    lines = at.dataframe[0].value
    assert set(lines["检索词"]) == {"爱心驿站"}
    assert any("<mark>爱心驿站</mark>" in m.value for m in at.markdown)


def test_corpus_page_lists_files_and_hides_seeds(temp_data_dir):
    at = run_app(page="pages/corpus.py")
    assert not at.exception
    assert len(at.dataframe[0].value) == 5
    at.toggle(key="hide_seeds").set_value(True).run()
    assert not at.exception
    assert '"hide_seeds": true' in (temp_data_dir / "settings.json").read_text(encoding="utf-8")
    assert at.dataframe[0].value.empty or len(at.dataframe[0].value) == 0


def test_uploaded_files_join_the_corpus_on_every_page(temp_data_dir):
    from analysis.uploads import store_upload

    text = "成都市总工会开展送清凉活动\n本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。\n"
    store_upload(temp_data_dir / "uploads", "成都.txt", text.encode("gbk"))
    at = run_app({"province": "四川"})
    assert not at.exception
    assert metric(at, "文章数") == "1" and metric(at, "文件数") == "1"
    files = run_app(page="pages/corpus.py").dataframe[0].value
    assert "上传" in set(files["来源"]) and "gb18030" in set(files["编码"])


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/corpus.py"])  # 语料管理 lists files
def test_every_page_explains_an_empty_selection_in_chinese(page):
    from ui.page import EMPTY_SELECTION

    at = run_app({"q": "不可能出现的词语组合"}, page=page)
    assert not at.exception
    assert [i.value for i in at.info] == [EMPTY_SELECTION]
    assert not at.get("plotly_chart")  # no empty chart frames under the notice


def test_page_selections_live_in_the_url_and_a_copied_link_restores_them(seed_corpus):
    at = run_app({"kwic": "爱心驿站", "window": "12", "sort": "right"}, page="pages/reader.py")
    assert not at.exception
    assert at.text_input(key="kwic_term").value == "爱心驿站" and at.slider(key="kwic_window").value == 12
    assert any("爱心驿站" in c.value for c in at.caption)
    at.text_input(key="kwic_term").input("职工书屋").run()
    assert at.query_params["kwic"] == "职工书屋"  # the URL follows the page's own widgets

    at = run_app({"cmp": ["上海市", "北京市"]}, page="pages/compare.py")
    assert at.multiselect(key="cmp_values").value == ["上海市", "北京市"]
    assert {"上海市", "北京市"} <= {json.loads(c.proto.spec)["layout"]["title"]["text"].split("（")[0]
                                 for c in at.get("plotly_chart")}

    wanted = seed_corpus.articles.iloc[5]
    at = run_app({"article": wanted["article_id"]}, page="pages/articles.py")
    assert at.selectbox(key="article").value == wanted["article_id"]
    assert at.subheader[0].value == wanted["title"]

    at = run_app({"words": ["职工", "服务"]}, page="pages/trends.py")
    assert at.multiselect(key="trend_words").value == ["职工", "服务"]

    at = run_app({"by": "province", "group": "江苏省"}, page="pages/terms.py")
    assert at.selectbox(key="terms_group").value == "江苏省"

    at = run_app({"search": "职工书屋"}, page="pages/metrics.py")
    assert at.text_input(key="metric_q").value == "职工书屋"
    bogus = run_app({"cmp": ["火星"], "article": "nope-1", "by": "nonsense"}, page="pages/compare.py")
    assert not bogus.exception  # unknown values are dropped, defaults used


@pytest.mark.parametrize("page", ["pages/articles.py", "pages/overview.py"])
def test_year_filter_survives_the_next_interaction(page):
    # Turning the year filter on, then typing a keyword, raised TypeError ('int' object is
    # not subscriptable): the range slider's state was read back as one year.
    at = run_app(page=page)
    at.toggle(key="f_year_on").set_value(True).run()
    assert at.select_slider(key="f_year").value == (2017, 2023)
    at.text_input(key="f_q").set_value("工会").run()
    assert not at.exception
    at.select_slider(key="f_year").set_range(2019, 2022).run()
    at.text_input(key="f_q").set_value("职工").run()
    assert not at.exception
    assert at.select_slider(key="f_year").value == (2019, 2022)
    assert at.query_params["year"] == "2019-2022"


def test_year_range_from_the_url_survives_a_keyword():
    at = run_app({"year": "2015-2024"}, page="pages/articles.py")
    at.text_input(key="f_q").set_value("职工").run()
    assert not at.exception
    assert at.select_slider(key="f_year").value == (2015, 2024)


PLACEHOLDER_COLOUR = re.compile(r"^#0000[0-4]\d$")


def _colours(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _colours(value)
    elif isinstance(node, list):
        for value in node:
            yield from _colours(value)
    elif isinstance(node, str) and node.startswith("#"):
        yield node


@pytest.mark.parametrize("page", PAGES[:6])
def test_every_chart_names_real_colours(page):
    # Streamlit's template colours (#000001 …) are resolved only in the browser: a chart
    # that relied on them drew every series black in the server-side PNG.
    at = run_app({"province": ["上海", "江苏"]} if page == "pages/compare.py" else None, page=page)
    specs = [json.loads(element.proto.spec) for element in at.get("plotly_chart")]
    assert specs
    for spec in specs:
        placeholders = [c for c in _colours(spec["data"]) if PLACEHOLDER_COLOUR.match(c)]
        assert not placeholders, (page, spec["layout"].get("title"), placeholders[:3])


def test_a_saved_correction_says_what_it_saved_and_a_headline_can_be_corrected(temp_data_dir):
    at = submit_correction(标题="上饶工会五年回眸")
    assert any("已保存更正（标题）" in s.value for s in at.success)
    assert at.subheader[0].value == "上饶工会五年回眸"
    at = submit_correction(年份="2018")
    assert any("已保存更正（年份）" in s.value for s in at.success)
    assert at.subheader[0].value == "上饶工会五年回眸"  # the earlier headline correction stays


def test_deleting_an_upload_asks_first_and_says_what_it_removed(temp_data_dir):
    from analysis.uploads import store_upload

    store_upload(temp_data_dir / "uploads", "我的报道.txt", "苏州工会送清凉\n本报讯 苏州市总工会慰问职工3000人次。\n".encode())
    at = run_app(page="pages/corpus.py")
    at.button(key="remove_upload").click().run()
    assert any("确定删除 我的报道.txt" in w.value for w in at.warning)
    assert list((temp_data_dir / "uploads").iterdir())  # nothing deleted yet
    at.button(key="remove_cancelled").click().run()
    assert list((temp_data_dir / "uploads").iterdir())
    at.button(key="remove_upload").click().run()
    at.button(key="remove_confirmed").click().run()
    assert not at.exception
    assert not list((temp_data_dir / "uploads").iterdir())
    assert any("已删除 我的报道.txt（1 篇文章" in s.value for s in at.success)


def test_an_uploaded_zip_lists_its_members_and_is_deleted_whole(temp_data_dir):
    from analysis.uploads import store_upload
    from zips import zip_bytes

    store_upload(temp_data_dir / "uploads", "六月报道.zip", zip_bytes({
        "职工报道/成都.txt": "成都市总工会开展送清凉活动\n本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。\n".encode("gbk"),
        "苏州.txt": "苏州工会送清凉\n本报讯 苏州市总工会慰问职工3000人次。\n".encode(),
        "坏.docx": b"PK\x03\x04 broken",
    }, gbk_names=True))
    at = run_app(page="pages/corpus.py")
    assert not at.exception
    files = at.dataframe[0].value
    members = files[files["来源"] == "上传（六月报道.zip）"]
    assert sorted(members["文件"]) == ["成都.txt", "苏州.txt"] and members["文章数"].sum() == 2
    assert any(w.value.startswith("六月报道.zip/坏.docx：") for w in at.warning)
    assert at.selectbox(key="remove_choice").options[-1].startswith("六月报道.zip（压缩包，2 个文件")
    at.button(key="remove_upload").click().run()
    assert any("确定删除 六月报道.zip？它的 2 篇文章" in w.value for w in at.warning)
    at.button(key="remove_confirmed").click().run()
    assert not at.exception and not list((temp_data_dir / "uploads").iterdir())


MY_REPORT = "苏州工会送清凉\n本报讯 苏州市总工会慰问职工3000人次。\n".encode()


def _articles_in_corpus(at) -> int:
    return int(at.dataframe[0].value["文章数"].sum())


def test_delete_asks_then_moves_to_the_bin_and_restore_brings_it_back(temp_data_dir):
    from analysis.uploads import add_upload

    add_upload(temp_data_dir, "我的报道.txt", MY_REPORT)
    at = run_app(page="pages/corpus.py")
    before = _articles_in_corpus(at)
    assert any(s.value == "回收站（0 个文件）" for s in at.subheader)
    at.button(key="remove_upload").click().run()
    assert any("确定删除 我的报道.txt？它的 1 篇文章将从语料中移除；文件移入回收站，可以恢复。" == w.value for w in at.warning)
    at.button(key="remove_confirmed").click().run()
    assert not at.exception
    assert any("已删除 我的报道.txt（1 篇文章已从语料中移除），文件已移入回收站" in s.value for s in at.success)
    assert _articles_in_corpus(at) == before - 1
    assert any(s.value == "回收站（1 个文件）" for s in at.subheader)
    assert len(list((temp_data_dir / "trash").iterdir())) == 1
    at.button(key="restore_upload").click().run()
    assert not at.exception
    assert any(s.value == "已恢复 我的报道.txt，已重新加入语料" for s in at.success)
    assert _articles_in_corpus(at) == before
    assert not list((temp_data_dir / "trash").iterdir())


def test_restoring_a_file_whose_content_is_back_in_the_corpus_says_so(temp_data_dir):
    from analysis.uploads import add_upload, delete_upload

    delete_upload(temp_data_dir, add_upload(temp_data_dir, "我的报道.txt", MY_REPORT).sha1)
    add_upload(temp_data_dir, "又传一次.txt", MY_REPORT)
    at = run_app(page="pages/corpus.py")
    at.button(key="restore_upload").click().run()
    assert any(w.value == "我的报道.txt 的内容已在语料中（又传一次.txt），未重复恢复；回收站中的副本仍保留"
               for w in at.warning)
    assert len(list((temp_data_dir / "trash").iterdir())) == 1


def test_emptying_the_bin_asks_first(temp_data_dir):
    from analysis.uploads import add_upload, delete_upload

    delete_upload(temp_data_dir, add_upload(temp_data_dir, "我的报道.txt", MY_REPORT).sha1)
    at = run_app(page="pages/corpus.py")
    at.button(key="empty_trash").click().run()
    assert any(w.value == "确定清空回收站？其中 1 个文件将被永久删除，无法恢复。" for w in at.warning)
    at.button(key="empty_trash_cancelled").click().run()
    assert len(list((temp_data_dir / "trash").iterdir())) == 1
    at.button(key="empty_trash").click().run()
    at.button(key="empty_trash_confirmed").click().run()
    assert not at.exception
    assert any(s.value == "已清空回收站（永久删除 1 个文件）" for s in at.success)
    assert not list((temp_data_dir / "trash").iterdir())
    log = at.dataframe[-1].value
    assert log["操作"].tolist()[:3] == ["清空回收站", "删除（移入回收站）", "上传"]


PASSWORD = "工会-s3cret"
LOCKED = "需要编辑密码才能修改（在侧边栏输入）"


def _edit_controls(at, page):
    """The page's edit controls (element, disabled?)."""
    if page == "pages/corpus.py":
        return [at.toggle(key="hide_seeds"), at.button(key="remove_upload"), at.button(key="restore_upload"),
                at.button(key="empty_trash"), at.get("file_uploader")[0]]
    if page == "pages/terms.py":
        return [at.button(key="save_words"), at.text_area(key="user_words"), at.text_area(key="user_stopwords")]
    if page == "pages/themes.py":
        return [at.button(key="save_lexicon"), at.text_area(key="lexicon_text")]
    form = [t for t in at.main.text_input if t.label in ("标题", "省份", "城市", "区县", "年份")]
    assert len(form) == 5
    return [*at.get("form_submit_button"), *form]


@pytest.mark.parametrize("page", ["pages/corpus.py", "pages/terms.py", "pages/themes.py", "pages/articles.py"])
def test_with_a_password_every_edit_control_is_locked_and_says_why(temp_data_dir, monkeypatch, page):
    from analysis.uploads import add_upload, delete_upload

    add_upload(temp_data_dir, "我的报道.txt", MY_REPORT)
    delete_upload(temp_data_dir, add_upload(temp_data_dir, "旧的.txt", MY_REPORT + b"x").sha1)
    monkeypatch.setenv("UNION_DASH_PASSWORD", PASSWORD)
    at = run_app(page=page)
    assert not at.exception
    controls = _edit_controls(at, page)
    assert controls and all(c.proto.disabled for c in controls)
    assert any(c.value == LOCKED for c in at.caption)
    assert at.dataframe  # viewing still works


def test_the_right_password_unlocks_editing_for_the_session_and_a_wrong_one_says_so(temp_data_dir, monkeypatch):
    from analysis.uploads import add_upload

    add_upload(temp_data_dir, "我的报道.txt", MY_REPORT)
    monkeypatch.setenv("UNION_DASH_PASSWORD", PASSWORD)
    at = run_app(page="pages/corpus.py")
    at.sidebar.text_input(key="editor_password_input").input("wrong").run()
    assert any(e.value == "密码不对，仍为只读模式" for e in at.sidebar.error)
    assert at.button(key="remove_upload").proto.disabled
    at.sidebar.text_input(key="editor_password_input").input(PASSWORD).run()
    assert not at.exception
    assert not at.button(key="remove_upload").proto.disabled
    assert not any(c.value == LOCKED for c in at.caption)
    assert any(c.value == "已解锁编辑（本会话）" for c in at.sidebar.caption)
    assert at.session_state["editor_password_input"] == ""  # only the boolean stays in the session
    assert PASSWORD not in repr(at.session_state) and PASSWORD not in repr(dict(at.query_params))
    at.button(key="remove_upload").click().run()
    at.button(key="remove_confirmed").click().run()
    assert any("已删除 我的报道.txt" in s.value for s in at.success)
    at.switch_page("pages/terms.py").run()  # still unlocked on another page
    assert not at.button(key="save_words").proto.disabled
    at.sidebar.button(key="editor_lock").click().run()
    assert at.button(key="save_words").proto.disabled


def test_without_a_password_editing_is_open_and_no_password_box_is_shown(monkeypatch):
    monkeypatch.delenv("UNION_DASH_PASSWORD", raising=False)
    at = run_app(page="pages/terms.py")
    assert not at.button(key="save_words").proto.disabled
    assert not any(t.key == "editor_password_input" for t in at.sidebar.text_input)


def test_the_edit_log_shows_a_correction_with_its_old_and_new_value(temp_data_dir, seed_corpus):
    submit_correction(年份="2018")
    at = run_app(page="pages/corpus.py")
    assert not at.exception
    log = at.dataframe[-1].value
    assert list(log.columns) == ["时间", "操作", "对象", "原值", "新值"]
    row = log.iloc[0]
    article = seed_corpus.articles[seed_corpus.articles["file"] == "003_12d7daba6f66d180.txt"].iloc[0]
    assert row["操作"] == "更正文章" and row["对象"] == f"{article['title']}（{article['article_id']}）"
    assert (row["原值"], row["新值"]) == (f"年份：{article['year']}", "年份：2018")


def _upload_reprint_pairs(data_dir):
    """The dev corpus's four reprint pairs (original and repost of each), uploaded."""
    from analysis.uploads import store_upload

    folder = Path(__file__).resolve().parent / "data" / "dev" / "reprint"
    for path in sorted(folder.glob("*.txt")):
        store_upload(data_dir / "uploads", path.name, path.read_bytes())
    return folder


def test_each_story_counts_once_by_default_and_every_copy_with_dedup_off(temp_data_dir):
    from analysis.settings import update_settings

    _upload_reprint_pairs(temp_data_dir)
    update_settings(temp_data_dir, hide_seeds=True)
    folded = run_app()
    assert not folded.exception
    assert metric(folded, "文章数") == "4" and metric(folded, "文件数") == "8"
    assert any("4 篇转载已合并" in c.value for c in folded.caption)
    assert folded.toggle(key="f_dedup").value is True and "dedup" not in folded.query_params
    every = folded.toggle(key="f_dedup").set_value(False).run()
    assert metric(every, "文章数") == "8" and every.query_params["dedup"] in ("0", ["0"])
    assert not any("已合并" in c.value for c in every.caption)
    linked = run_app({"dedup": "0"}, page="pages/trends.py")  # a copied link keeps it off on any page
    assert not linked.exception and linked.toggle(key="f_dedup").value is False


def test_an_article_with_copies_links_to_them(temp_data_dir):
    from analysis import open_corpus

    _upload_reprint_pairs(temp_data_dir)
    corpus = open_corpus(data_dir=temp_data_dir)
    original = corpus.articles().query("file == 'fujian_orig.txt'").iloc[0]
    copy = corpus.articles().query("file == 'fujian_repost.txt'").iloc[0]
    at = run_app({"article": original["article_id"]}, page="pages/articles.py")
    assert not at.exception
    see_also = next(m.value for m in at.markdown if m.value.startswith("**同一报道另见**"))
    assert f"./articles?article={copy['article_id']}&dedup=0" in see_also and "只计一次" in see_also
    opened = run_app({"article": copy["article_id"], "dedup": "0"}, page="pages/articles.py")
    assert not opened.exception and opened.selectbox(key="article").value == copy["article_id"]


ANALYSIS_PAGES = ["pages/overview.py", "pages/terms.py", "pages/themes.py", "pages/metrics.py",
                  "pages/compare.py", "pages/trends.py"]


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_export_report_offers_html_and_pdf_of_the_view(page, monkeypatch):
    """导出报告 builds the report on click; the PDF printer is stubbed here (tests/test_report.py
    prints real ones) and receives the print variant of the same view."""
    printed = []
    monkeypatch.setattr("ui.report.pdf_report", lambda document: printed.append(document) or b"%PDF-1.4 stub")
    params = {"province": "江苏省", "by": "city"} if page == "pages/compare.py" else {"province": "江苏省"}
    at = run_app(params, page=page)  # 地区对比 needs two groups: the cities of 江苏省
    assert not at.exception
    assert not [b for b in at.get("download_button") if "报告" in b.proto.label]  # nothing built before the click
    next(b for b in at.button if b.label == "导出报告").click().run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button") if "报告" in b.proto.label]
    assert len(labels) == 2 and "HTML" in labels[0] and "PDF" in labels[1]
    assert len(printed) == 1 and "省份：江苏省" in printed[0] and "plotly-graph-div" in printed[0]
