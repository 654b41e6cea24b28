"""A new user's own corpus in a real browser: hide the seeds, upload reports in several
formats (UTF-8 and GBK text, Word, PDF) from tests/data/dev, turn the year filter on, move
it, type a keyword, and visit every page: nothing may raise, log a console error or call
another host. Screenshots at 1280 px, 390 px and in dark mode go to docs/own-corpus/."""
from __future__ import annotations

import io
from pathlib import Path

from test_browser import DOCS, PAGES, go_to_page, metric_value, wait_ready

DEV = Path(__file__).resolve().parents[1] / "data" / "dev"
TEXT_FILES = [
    "page_masthead/beifang_2016_p02.txt", "page_masthead/zhongyuan_2024_p03.txt", "briefs/guangxi_box.txt",
    "web_repost/shandong_qingdao_huangdao.txt", "web_repost/zhejiang_zhoushan_putuo.txt",
    "wechat_repost/henan_kaifeng_gulou.txt", "press_release/jilin_changchun.txt",
    "epaper_article/liaoning_shenyang_heping.txt", "photo_news/hainan_group.txt",
    "reprint/fujian_orig.txt", "reprint/fujian_repost.txt",
]
GBK_FILE = "pdf_wrapped/longyuan_2019_p3.txt"
DOCX_FILE = "page_masthead/sanjin_2022_p05.txt"
PDF_FILE = "press_release/beijing_chaoyang.txt"
SHOTS = DOCS / "own-corpus"


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(browser, text: str) -> bytes:
    """A PDF of the text printed by Chromium (selectable text, as a PDF copy of a report)."""
    import html

    context = browser.new_context()
    try:
        page = context.new_page()
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
        page.set_content(f"<html><body style='font-family:WenQuanYi Micro Hei'>{body}</body></html>")
        return page.pdf(format="A4")
    finally:
        context.close()


def _uploads(browser, tmp_path: Path) -> list[Path]:
    files = []
    for rel in TEXT_FILES:
        target = tmp_path / Path(rel).name
        target.write_bytes((DEV / rel).read_bytes())
        files.append(target)
    gbk = tmp_path / Path(GBK_FILE).name.replace(".txt", "_gbk.txt")
    gbk.write_bytes((DEV / GBK_FILE).read_text("utf-8").encode("gbk"))
    word = tmp_path / Path(DOCX_FILE).name.replace(".txt", ".docx")
    word.write_bytes(_docx((DEV / DOCX_FILE).read_text("utf-8")))
    pdf = tmp_path / Path(PDF_FILE).name.replace(".txt", ".pdf")
    pdf.write_bytes(_pdf(browser, (DEV / PDF_FILE).read_text("utf-8")))
    return files + [gbk, word, pdf]


def test_own_corpus_in_several_formats_with_the_year_filter_on_every_page(page, browser, server, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    uploads = _uploads(browser, tmp_path)
    page.goto(f"{server}/corpus")
    wait_ready(page)
    page.get_by_text("隐藏内置示例语料（seeds）").click()
    wait_ready(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(p) for p in uploads])
    page.get_by_text(f"已保存 {uploads[-1].name}").wait_for(timeout=120000)
    wait_ready(page)
    for upload in uploads:
        assert page.get_by_text(f"已保存 {upload.name}").count() == 1, upload.name

    go_to_page(page, "总览", "工会报道分析看板")
    wait_ready(page, chart=True)
    assert metric_value(page, "文件数") == str(len(uploads))
    assert 20 <= int(metric_value(page, "文章数")) <= 45
    page.set_viewport_size({"width": 1280, "height": 2200})
    page.screenshot(path=str(SHOTS / "overview-1280.png"), full_page=True)

    # Year filter on, then one more thing: move the range, type a keyword (each crashed before).
    page.locator('[data-testid="stSidebar"]').get_by_text("按年份筛选").click()
    wait_ready(page, chart=True)
    start = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input[type="range"]').first
    start.wait_for(state="attached", timeout=20000)
    start.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => /year=\\d{4}-\\d{4}/.test(location.search)", timeout=20000)
    wait_ready(page, chart=True)
    keyword = page.locator('[data-testid="stSidebar"]').get_by_label("关键词")
    keyword.fill("职工")
    keyword.press("Enter")
    page.wait_for_function("() => location.search.includes('q=')", timeout=20000)
    wait_ready(page, chart=True)
    for path, (label, heading) in PAGES.items():
        go_to_page(page, label, heading)
        wait_ready(page, chart=(path in {"overview", "terms", "metrics", "trends"}))
        # Filters survive every page change, also on a server whose first request named a
        # page (Streamlit then treats pages/ as a legacy folder; the filters were lost there).
        assert "year=" in page.url and "q=" in page.url, path
        page.screenshot(path=str(SHOTS / f"{path}-year-filter.png"), full_page=True)

    # A phone: the sidebar folds away, so the copied link (filters included) is opened.
    query = page.url.split("?", 1)[1]
    page.set_viewport_size({"width": 390, "height": 1800})
    page.goto(f"{server}/overview?{query}")
    wait_ready(page, chart=True)
    page.screenshot(path=str(SHOTS / "overview-390.png"), full_page=True)


def test_own_corpus_in_dark_mode(dark_page, server):
    for path in ("", "metrics", "compare"):
        dark_page.goto(f"{server}/{path}")
        wait_ready(dark_page, chart=True)
        dark_page.screenshot(path=str(SHOTS / f"dark-{path or 'overview'}.png"))
