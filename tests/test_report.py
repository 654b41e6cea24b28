"""ui.report: a page's view as one self-contained HTML document and as an A4 PDF."""
from __future__ import annotations

import base64
import io
import json
from datetime import date
from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis import Filters
from ui.report import (Chart, FigureSentences, Heading, Paragraph, ReportError, ReportInfo, Table, find_chromium,
                       html_report, pdf_report, report_file_name, view_link)

HOSTILE = "<img src=x onerror=alert(1)>"
LINK = "http://127.0.0.1:8501/overview?province=%E6%B1%9F%E8%8B%8F%E7%9C%81"


class _Document(HTMLParser):
    """The elements of an HTML document (script bodies are text to the parser, not tags)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(document: str) -> _Document:
    parser = _Document()
    parser.feed(document)
    return parser


@pytest.fixture
def info():
    return ReportInfo(page="总览", selection="省份：江苏省；年份：2019-2023", link=LINK,
                      options=(("分组", "按省份"),), summary=(("文章数", "4"), ("转载", "已去重：0 篇转载已合并")),
                      exported=date(2026, 11, 27))


@pytest.fixture
def terms():
    return pd.DataFrame({"词语": [f"词{i}" for i in range(45)], "频次": list(range(45, 0, -1))})


@pytest.fixture
def sections(terms):
    bars = go.Figure(go.Bar(x=["南京", "徐州"], y=[1, 2]), layout={"title": {"text": "江苏省各市文章数"}})
    years = go.Figure(go.Bar(x=["2019", "2023"], y=[3, 1]), layout={"title": {"text": "各年份文章数"}})
    figures = pd.DataFrame({"surface": ["100余万元", "3000人"], "subject": ["帮扶资金", "职工"],
                            "category": ["money", "people"], "province": ["江苏省", "江苏省"], "city": ["南京市", None],
                            "year": [2023, 2022], "title": ["南京工会送温暖", HOSTILE],
                            "sentence": ["今年共发放帮扶资金100余万元。", f"覆盖职工3000人{HOSTILE}。"]})
    return [Heading("地区分布"), Chart("地区", bars, pd.DataFrame({"地区": ["南京", "徐州"], "文章数": [1, 2]})),
            Chart("年份", years), Table("高频词", terms), Paragraph(HOSTILE),
            FigureSentences("指标及其原句", figures)]


def test_html_holds_the_selection_options_summary_and_link(info, sections):
    document = html_report(info, sections)
    text = "".join(parse(document).text)
    for words in ("总览", "省份：江苏省；年份：2019-2023", "按省份", "已去重：0 篇转载已合并", "2026-11-27",
                  "http://127.0.0.1:8501/overview?province=江苏省"):
        assert words in text
    links = [attrs["href"] for tag, attrs in parse(document).tags if tag == "a" and "download" not in attrs]
    assert links == [LINK]


def test_charts_are_plotly_divs_with_plotly_js_embedded_once(info, sections):
    document = html_report(info, sections)
    plots = [attrs for tag, attrs in parse(document).tags if tag == "div" and "plotly-graph-div" in attrs.get("class", "")]
    assert len(plots) == 2
    assert document.count("* plotly.js v") == 1  # the bundle's banner
    for title in ("江苏省各市文章数", "各年份文章数"):  # in the figures' JSON, non-ASCII as \uXXXX
        assert title in document or json.dumps(title)[1:-1] in document
    scripts = [attrs for tag, attrs in parse(document).tags if tag == "script"]
    assert scripts and not [attrs for attrs in scripts if "src" in attrs]  # all inline: no CDN, no MathJax


def test_nothing_is_fetched_from_another_host(info, sections):
    """Only the view link points at a web address; every src is a data: URI or inline."""
    for tag, attrs in parse(html_report(info, sections)).tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            if value.startswith(("http://", "https://", "//")):
                assert (tag, name, value) == ("a", "href", LINK)
    assert "@import" not in html_report(info, sections) and "url(http" not in html_report(info, sections)


def test_hostile_text_is_escaped_everywhere(sections):
    hostile = ReportInfo(page=HOSTILE, selection=f"关键词：{HOSTILE}", link=f"./overview?q={HOSTILE}",
                         options=((HOSTILE, HOSTILE),))
    document = html_report(hostile, [*sections, Heading(HOSTILE), Table(HOSTILE, pd.DataFrame({HOSTILE: [HOSTILE]}))])
    assert "<img src=x" not in document
    assert not [tag for tag, attrs in parse(document).tags if tag == "img" or "onerror" in attrs]
    assert "&lt;img src=x onerror=alert(1)&gt;" in document
    assert "<mark>3000人</mark>&lt;img" in document  # the figure marked in its escaped sentence


def test_tables_show_twenty_rows_and_carry_the_full_csv(info, sections, terms):
    document = html_report(info, sections)
    assert "词19" in document and "共 45 行，此处列出前 20 行" in document
    table_part = document.split("高频词</h3>")[1].split("</table>")[0]
    assert "词19" in table_part and "词20" not in table_part
    csv_links = {attrs["download"]: attrs["href"] for tag, attrs in parse(document).tags
                 if tag == "a" and "download" in attrs}
    assert set(csv_links) == {"地区.csv", "高频词.csv", "指标及其原句.csv"}
    payload = csv_links["高频词.csv"].split("base64,", 1)[1]
    assert pd.read_csv(io.BytesIO(base64.b64decode(payload)), encoding="utf-8-sig").equals(terms)


def test_figures_are_listed_with_their_sentences(info, sections):
    document = html_report(info, sections)
    assert "<b>100余万元</b>" in document and "今年共发放帮扶资金<mark>100余万元</mark>。" in document
    assert "帮扶资金 · 资金 · 江苏省 南京市 · 2023年" in document


def test_print_variant_has_static_charts_at_a4_width_and_no_csv_links(info, sections):
    document = html_report(info, sections, for_print=True)
    assert '"staticPlot": true' in document and '"width":680' in document
    assert "data:text/csv" not in document and "size: A4" in document


def test_file_name_says_page_and_selection():
    assert report_file_name("总览", Filters(province=("江苏省",), year=(2019, 2023)), "html") == "总览_江苏省_2019-2023.html"
    assert report_file_name("趋势", Filters(), "pdf") == "趋势_全部文章.pdf"
    assert "/" not in report_file_name("指标", Filters(q="a/b <c>"), "pdf")


def test_view_link_uses_the_base_url_or_a_relative_link():
    params = [("province", "江苏省"), ("province", "上海市"), ("by", "year")]
    assert view_link("http://host:8501/terms", "terms", params) == (
        "http://host:8501/terms?province=%E6%B1%9F%E8%8B%8F%E7%9C%81&province=%E4%B8%8A%E6%B5%B7%E5%B8%82&by=year")
    assert view_link(None, "terms", [("by", "year")]) == "./terms?by=year"
    assert view_link(None, "overview", []) == "./overview"


def test_pdf_reports_a_missing_chromium_in_chinese(monkeypatch):
    monkeypatch.setattr("ui.report.find_chromium", lambda: None)
    with pytest.raises(ReportError, match="Chromium"):
        pdf_report("<p>x</p>")


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium")
def test_pdf_is_a4_with_selectable_chinese_text_charts_and_page_numbers(info, sections):
    from pypdf import PdfReader

    pdf = pdf_report(html_report(info, sections, for_print=True))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    squeezed = "".join(text.split())
    assert "省份：江苏省" in squeezed and "江苏省各市文章数" in squeezed  # chart titles drawn by plotly.js
    assert "今年共发放帮扶资金100余万元" in squeezed
    assert f"共{len(reader.pages)}页" in squeezed


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium")
def test_pdf_gives_up_after_its_timeout():
    with pytest.raises(ReportError, match="超过"):
        pdf_report("<p>x</p>", timeout=0.01)


def test_a_sample_of_figures_is_reported_with_the_count_of_all():
    from ui.report import FigureSentences, _figures_html

    figures = pd.DataFrame({"surface": ["40万余人次", "3000余人"], "sentence": ["参赛职工40万余人次。", "惠及3000余人。"]})
    html = _figures_html(FigureSentences("指标", figures.head(1), rows=1, csv=False, total=1234), for_print=False)
    assert "共 1,234 个指标，此处列出前 1 个" in html
