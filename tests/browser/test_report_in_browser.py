"""Sharing a view in a real Chromium: 导出报告 downloads an HTML report that draws its charts
with the network cut off, and a PDF whose text names the selection; 复制链接 copies the URL."""
from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote

from pypdf import PdfReader

from tests.browser.test_browser import wait_ready

SHOTS = Path(__file__).resolve().parents[2] / "docs"


def test_report_of_a_province_opens_offline_and_prints_its_name(page, server, browser, tmp_path):
    page.goto(f"{server}/?province=江苏省")
    wait_ready(page, chart=True)
    page.get_by_role("button", name="导出报告").click()
    html_button = page.get_by_role("button", name="下载报告 HTML")
    html_button.wait_for(timeout=60000)
    with page.expect_download() as html_download:
        html_button.click()
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="下载报告 PDF").click()
    assert html_download.value.suggested_filename == "总览_江苏省.html"
    assert pdf_download.value.suggested_filename == "总览_江苏省.pdf"
    report = tmp_path / "report.html"
    html_download.value.save_as(report)

    offline = browser.new_context(viewport={"width": 1200, "height": 1600})
    elsewhere: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    offline.route("**/*", only_files)
    shown = offline.new_page()
    errors: list[str] = []
    shown.on("pageerror", lambda e: errors.append(str(e)))
    shown.goto(report.as_uri())
    shown.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
    shown.wait_for_timeout(300)
    assert shown.locator(".js-plotly-plot").count() == 3  # map, years, top terms
    assert "省份：江苏省" in shown.locator("table.meta").inner_text()
    SHOTS.mkdir(exist_ok=True)
    shown.screenshot(path=str(SHOTS / "report-html.png"))
    offline.close()
    assert elsewhere == [] and errors == []

    pdf = PdfReader(io.BytesIO(Path(pdf_download.value.path()).read_bytes()))
    text = "".join("".join(p.extract_text().split()) for p in pdf.pages)
    assert "省份：江苏省" in text and "江苏省各市文章数" in text


def test_copy_link_copies_the_url_of_the_view(page, server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{server}/terms?province=江苏省&by=year")
    wait_ready(page, chart=True)
    frame = page.frame_locator('[data-testid="stSidebar"] iframe').first
    frame.get_by_role("button", name="复制链接").click()
    frame.get_by_text("已复制").wait_for(timeout=10000)
    copied = unquote(page.evaluate("navigator.clipboard.readText()"))
    assert copied.startswith(f"{server}/terms?") and "province=江苏省" in copied and "by=year" in copied
