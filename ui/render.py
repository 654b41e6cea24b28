"""Small Streamlit pieces that several pages draw the same way."""
from __future__ import annotations

import streamlit as st

from ui.cloud import FontMissingError, wordcloud_png


def word_cloud(frequencies: dict[str, float], *, file_name: str, caption: str | None = None) -> None:
    """A word cloud image with its PNG download, or a Chinese error when no CJK font exists."""
    try:
        png = wordcloud_png(frequencies)
    except FontMissingError as err:
        st.error(f"无法绘制词云：{err}")
        return
    st.image(png, caption=caption, width="stretch")
    st.download_button("下载词云 PNG", png, file_name=file_name, mime="image/png")
