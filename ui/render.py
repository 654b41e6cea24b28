"""Small Streamlit pieces that several pages draw the same way."""
from __future__ import annotations

import streamlit as st

from ui.cloud import FontMissingError, wordcloud_png


@st.cache_data(max_entries=64, show_spinner=False)
def _cloud_png(items: tuple[tuple[str, float], ...]) -> bytes:
    return wordcloud_png(dict(items))


def word_cloud(frequencies: dict[str, float], *, file_name: str, caption: str | None = None) -> None:
    """A word cloud image with its PNG download, or a Chinese error when no CJK font exists.

    Images are cached by their frequencies: many sessions looking at the same selection
    draw it once."""
    try:
        png = _cloud_png(tuple(sorted(frequencies.items())))
    except FontMissingError as err:
        st.error(f"无法绘制词云：{err}")
        return
    st.image(png, caption=caption, width="stretch")
    st.download_button("下载词云 PNG", png, file_name=file_name, mime="image/png")


def chart(fig, *, name: str, key: str, where=None) -> None:
    """A plotly chart (PNG export named `name`) with the CSV of the numbers it shows."""
    from ui.charts import chart_config, figure_data

    where = where or st
    where.plotly_chart(fig, config=chart_config(name), key=key)
    data = figure_data(fig)
    if not data.empty:
        where.download_button("下载图表数据 CSV", data.to_csv(index=False).encode("utf-8-sig"),
                              file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv")
