"""Safe display of document text: escape Markdown and HTML before anything renders it."""
from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def md_escape(text: object) -> str:
    """Text that Streamlit's Markdown shows literally (no links, emphasis, HTML or math)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))
