"""Safe display of document text: escape Markdown and HTML before anything renders it."""
from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def md_escape(text: object) -> str:
    """Text that Streamlit's Markdown shows literally (no links, emphasis, HTML or math)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def highlight_html(text: str, start: int, end: int) -> str:
    """`text` as escaped HTML with text[start:end] wrapped in <mark> (document text is never trusted)."""
    before, match, after = text[:start], text[start:end], text[end:]
    return (
        f"{html.escape(before)}<mark style='background:#ffe08a;padding:0 2px'>"
        f"{html.escape(match)}</mark>{html.escape(after)}"
    )
