"""The served dashboard in a real headless Chromium: every page loads, filters survive a
reload of the copied URL, nothing shows an exception, nothing calls a non-local host."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect


REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
# url path → (navigation label, page heading)
PAGES = {
    "overview": ("总览", "工会报道分析看板"),
    "terms": ("词频与词云", "词频与词云"),
    "themes": ("主题", "主题"),
    "metrics": ("指标", "指标"),
    "compare": ("地区对比", "地区对比"),
    "trends": ("趋势", "趋势"),
    "reader": ("阅读", "阅读"),
    "articles": ("文章", "文章"),
    "corpus": ("语料管理", "语料管理"),
}
CHART_PAGES = {"overview", "terms", "themes", "metrics", "compare", "trends"}


def wait_ready(page, *, chart: bool = False) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=60000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=60000,
    )
    if chart:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    page.wait_for_timeout(300)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()


def go_to_page(page, label: str, heading: str) -> None:
    """Click a sidebar navigation link and wait until its page has drawn its heading."""
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').filter(
        has=page.get_by_text(label, exact=True)).click()
    page.locator("h1", has_text=heading).first.wait_for(timeout=30000)


def metric_value(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=label)
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_every_page_loads_and_is_screenshotted(page, server):
    DOCS.mkdir(exist_ok=True)
    # 1280 px wide (the width the pages are checked at), tall enough to show a whole page:
    # Streamlit scrolls inside its own container, so a "full page" shot stops at the viewport.
    page.set_viewport_size({"width": 1280, "height": 2200})
    page.goto(server)
    wait_ready(page, chart=True)
    assert metric_value(page, "文件数") == "5"
    assert page.locator(".js-plotly-plot").count() == 3  # map, years, top terms
    page.screenshot(path=str(DOCS / "screenshot.png"), full_page=True)
    for path, (label, heading) in reversed(PAGES.items()):
        go_to_page(page, label, heading)
        wait_ready(page, chart=(path in CHART_PAGES))
        page.screenshot(path=str(DOCS / f"screenshot-{path}.png"), full_page=True)


def test_dark_theme_pages_render_without_errors(dark_page, server):
    dark_page.goto(f"{server}/?province=浙江")
    wait_ready(dark_page, chart=True)
    background = dark_page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    red, green, blue = (int(v) for v in background[background.index("(") + 1:].split(")")[0].split(",")[:3])
    assert red + green + blue < 200  # Streamlit followed the system's dark setting
    dark_page.screenshot(path=str(DOCS / "screenshot-dark.png"))
    dark_page.goto(f"{server}/compare")
    wait_ready(dark_page, chart=True)
    dark_page.screenshot(path=str(DOCS / "screenshot-dark-compare.png"))


def test_filter_goes_into_the_url_and_a_reload_restores_it(page, server):
    page.goto(server)
    wait_ready(page, chart=True)
    files_filter = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="文件")
    files_filter.locator("input").click()
    page.get_by_role("option", name="003_12d7daba6f66d180.txt").click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('file=')", timeout=20000)
    wait_ready(page, chart=True)
    assert metric_value(page, "文件数") == "1"
    copied = page.url
    assert parse_qs(urlparse(copied).query)["file"] == ["003_12d7daba6f66d180.txt"]

    fresh = page.context.new_page()
    fresh.goto(copied)
    wait_ready(fresh, chart=True)
    assert metric_value(fresh, "文件数") == "1"
    chosen = fresh.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="文件")
    assert "003_12d7daba6f66d180.txt" in chosen.inner_text()


def test_a_copied_reader_link_reopens_the_same_search(page, server):
    page.goto(f"{server}/reader?kwic=爱心驿站&sort=right&province=上海")
    wait_ready(page)
    # On a cold server the first run builds the corpus and the frontend may run the page
    # again before the restored value shows: wait for it rather than read it once.
    expect(page.get_by_label("检索词")).to_have_value("爱心驿站", timeout=30000)
    assert page.get_by_text("“爱心驿站”在").count() == 1
    query = parse_qs(urlparse(page.url).query)
    assert query["kwic"] == ["爱心驿站"] and query["province"] == ["上海市"]


def test_filters_survive_navigation_between_pages(page, server):
    page.goto(f"{server}/?file=001_30390a7628cb219f.txt")
    wait_ready(page, chart=True)
    go_to_page(page, "文章", "文章")
    wait_ready(page)
    assert page.get_by_text("共 1 篇文章").count() == 1
    assert "file=001_30390a7628cb219f.txt" in page.url


def test_word_cloud_download_is_a_png(page, server):
    page.goto(f"{server}/terms")
    wait_ready(page, chart=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载词云 PNG").click()
    download = info.value
    assert download.suggested_filename.startswith("词云") and download.suggested_filename.endswith(".png")
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_csv_downloads_are_made_when_clicked_and_open_in_excel(page, server):
    page.goto(f"{server}/terms")
    wait_ready(page, chart=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载词频表 CSV").click()
    data = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "词频.csv"
    assert data.startswith("\ufeffgroup,term,count".encode("utf-8")) and "职工".encode("utf-8") in data


def _png_stats(data: bytes) -> tuple[int, int, int, float]:
    """(width, height, distinct colours, share of non-white pixels) of a PNG."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    small = image.resize((image.width // 4, image.height // 4))
    pixels = list(small.getdata())
    inked = sum(1 for p in pixels if sum(p) < 720) / len(pixels)
    return image.width, image.height, len(set(pixels)), inked


def test_chart_png_downloads_are_valid_non_blank_images(page, server):
    page.goto(server)
    wait_ready(page, chart=True)
    # 1. plotly's own camera button (toImage in the browser), with the chart's file name.
    plot = page.locator(".js-plotly-plot").nth(1)  # 各年份文章数 (the map is the first)
    plot.hover()
    with page.expect_download() as info:
        plot.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    download = info.value
    assert download.suggested_filename == "各年份文章数.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, colours, inked = _png_stats(data)
    assert width >= 600 and height >= 300 and colours > 20 and inked > 0.02
    # 2. the server-side PNG (kaleido driving the system Chromium), title included.
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name="下载 PNG").nth(1).click()
    download = info.value
    assert download.suggested_filename == "各年份文章数.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, colours, inked = _png_stats(data)
    assert width == 2400  # 1200 px at scale 2, whatever the browser window's width
    assert colours > 20 and inked > 0.02
    (DOCS / "export-example.png").write_bytes(data)


def test_upload_on_the_corpus_page_appears_on_the_overview(page, server, tmp_path):
    text = "成都市总工会开展送清凉活动\n本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。\n"
    upload = tmp_path / "成都报道.txt"
    upload.write_bytes(text.encode("gbk"))
    page.goto(f"{server}/corpus")
    wait_ready(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    page.get_by_text("已保存 成都报道.txt").wait_for(timeout=30000)
    wait_ready(page)
    go_to_page(page, "总览", "工会报道分析看板")
    wait_ready(page, chart=True)
    assert metric_value(page, "文件数") == "6"
    page.goto(f"{server}/?province=四川")
    wait_ready(page, chart=True)
    assert metric_value(page, "文章数") == "1"


def test_hostile_markup_in_a_report_is_shown_as_text_and_never_runs(page, server, tmp_path):
    hostile = (
        "<script>window.__pwned=1</script>职工书屋<img src=x onerror=\"window.__pwned=2\">\n"
        "本报讯 <img src=x onerror=\"window.__pwned=3\">成都市总工会新建职工书屋45家，"
        "<a href=\"javascript:window.__pwned=4\">点此</a>惠及职工3000余人。\n"
    )
    upload = tmp_path / "hostile.txt"
    upload.write_text(hostile, encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/corpus")
    wait_ready(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    page.get_by_text("已保存 hostile.txt").wait_for(timeout=30000)
    # The reader highlights matches with our own <mark>; everything else must stay text.
    page.goto(f"{server}/reader")
    wait_ready(page)
    page.get_by_label("检索词").fill("点此")
    page.get_by_label("检索词").press("Enter")
    page.locator("mark").first.wait_for(timeout=30000)
    shown = page.locator('[data-testid="stMain"]').inner_text()
    assert "<img src=x onerror=" in shown  # displayed as text, not markup
    page.goto(f"{server}/metrics?q=职工书屋")
    wait_ready(page)
    page.goto(f"{server}/articles?q=职工书屋")
    wait_ready(page)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
