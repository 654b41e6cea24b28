"""Server-side chart images: kaleido drives the system Chromium to render a plotly figure as
PNG (title, legend and Chinese labels included), for the download button beside every chart.

The browser's own camera button (plotly toImage) does the same on the client; this one
works where a browser cannot save files (kiosk, remote desktop) and gives a fixed size.
"""
from __future__ import annotations

import io
import logging

EXPORT_WIDTH = 1200
log = logging.getLogger(__name__)


def figure_png(fig, *, width: int = EXPORT_WIDTH) -> bytes:
    """PNG bytes of `fig` at `width` px (×2 scale); a PNG carrying a Chinese notice on failure."""
    import plotly.graph_objects as go

    export = go.Figure(fig)
    export.update_layout(template="plotly_white", paper_bgcolor="white")
    height = int(export.layout.height or 520)
    try:
        return export.to_image(format="png", width=width, height=height, scale=2)
    except Exception as err:  # noqa: BLE001 - any renderer failure becomes a readable notice
        log.warning("kaleido export failed: %s", err)
        return notice_png("服务器端生成图片失败，请用图表右上角的相机按钮下载。")


def notice_png(message: str, *, width: int = 900, height: int = 200) -> bytes:
    """A small white PNG with `message` in a CJK font."""
    from PIL import Image, ImageDraw, ImageFont

    from ui.cloud import FontMissingError, find_cjk_font

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(find_cjk_font(), 24)
    except (FontMissingError, OSError):
        font = ImageFont.load_default()
    draw.text((30, height // 2 - 14), message, fill="#333333", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
