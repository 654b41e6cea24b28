"""Shareable reports: the current view of a page as one self-contained HTML file and as a PDF.

A page declares what it shows as a list of sections (`Heading`, `Paragraph`, `Chart`,
`Image`, `Table`, `FigureSentences`); `html_report` turns them into one HTML document that opens
offline (plotly.js embedded once, tables' full CSV inside as data: links, no request to any
other host), and `pdf_report` has the system Chromium print the print variant of that
document to an A4 PDF (charts drawn by plotly.js, text selectable, page numbers from CSS
`@page` margin boxes). Building is pure: sections in, text or bytes out. `report_buttons`
is the Streamlit seam the pages call.
"""
from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Union
from urllib.parse import unquote, urlencode

import pandas as pd

TABLE_ROWS = 20  # rows of a table printed in the report; the CSV link carries them all
FIGURE_ROWS = 30  # figures listed with their sentences
PRINT_WIDTH = 680  # px: the width of A4 less 15 mm margins at 96 dpi
PDF_TIMEOUT_S = 90
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",  # a report fetches nothing
)
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


class ReportError(RuntimeError):
    """The PDF could not be made; the message is a Chinese sentence for the user."""


# ── Sections: what a page shows, declared as data ────────────────────────────────────────
@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Chart:
    """A plotly figure, with the numbers it shows (`data`, offered as CSV in the HTML)."""
    title: str
    figure: Any
    data: pd.DataFrame | None = None


@dataclass(frozen=True)
class Table:
    """A table: its first `rows` rows printed, all of it as CSV in the HTML."""
    title: str
    frame: pd.DataFrame
    rows: int = TABLE_ROWS


@dataclass(frozen=True)
class FigureSentences:
    """Figures (rows of the `metrics` frame: surface, sentence, optional subject, category,
    province, city, year, title, group) each shown in its sentence."""
    title: str
    figures: pd.DataFrame
    rows: int = FIGURE_ROWS
    csv: bool = True  # all figures as a CSV link (off where the page lists no figures table)
    total: int | None = None  # how many there are, when `figures` holds only the first `rows`


@dataclass(frozen=True)
class Image:
    """A picture (PNG bytes), e.g. a word cloud, embedded as a data: URI."""
    title: str
    png: bytes


Section = Union[Heading, Paragraph, Chart, Image, Table, FigureSentences]


@dataclass(frozen=True)
class ReportInfo:
    """What heads a report: the page, the selection in words, the page's own options, the
    corpus summary (label, value pairs) and the link that reopens the view."""
    page: str
    selection: str
    link: str = ""
    options: tuple[tuple[str, str], ...] = ()
    summary: tuple[tuple[str, str], ...] = ()
    exported: date = field(default_factory=date.today)


# ── HTML ─────────────────────────────────────────────────────────────────────────────────
_CSS = """
@page { size: A4; margin: 15mm 15mm 17mm;
  @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #666; } }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; color: #222; line-height: 1.6;
  max-width: 1100px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22pt; margin: 0 0 4px; } h2 { font-size: 14pt; border-bottom: 1px solid #ddd; margin-top: 22px; }
h2, h3 { break-after: avoid; } h3 { font-size: 12pt; margin-bottom: 4px; }
table { border-collapse: collapse; font-size: 10pt; width: 100%; margin: 4px 0; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th, table.meta th { background: #f5f5f5; } table.meta th { width: 7em; white-space: nowrap; }
.note { color: #666; font-size: 9.5pt; margin: 2px 0; } a.view { word-break: break-all; }
.chart { margin: 8px 0 14px; } ol.figures { padding-left: 1.6em; } ol.figures li { margin-bottom: 6px; }
blockquote { margin: 2px 0 0; padding-left: 8px; border-left: 3px solid #ccc; color: #444; }
mark { background: #fff1a8; }
@media print { body { max-width: none; margin: 0; padding: 0; }
  .chart, tr, ol.figures li { break-inside: avoid; } }
"""


def html_report(info: ReportInfo, sections: list[Section], *, for_print: bool = False) -> str:
    """The report as one HTML document. `for_print`: charts static at A4 width, no CSV links
    (the variant Chromium prints to PDF)."""
    body = [_header(info)]
    plotly_js = [True]  # embed plotly.js with the first chart only
    for section in sections:
        body.append(_section_html(section, plotly_js, for_print))
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_e(info.page)}报告 · {_e(info.selection)}</title>\n<style>{_CSS}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def _header(info: ReportInfo) -> str:
    rows = [("范围", info.selection), *info.options, *info.summary, ("导出日期", info.exported.isoformat())]
    table = "".join(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in rows)
    link = (f"<p class=\"note\">打开此视图：<a class=\"view\" href=\"{_e(info.link)}\">{_e(unquote(info.link))}</a></p>"
            if info.link else "")
    return (f"<header><h1>{_e(info.page)}</h1><p class=\"note\">工会报道分析看板 · 报告</p>"
            f"<table class=\"meta\">{table}</table>{link}</header>")


def _section_html(section: Section, plotly_js: list[bool], for_print: bool) -> str:
    if isinstance(section, Heading):
        return f"<h2>{_e(section.text)}</h2>"
    if isinstance(section, Paragraph):
        return f"<p>{_e(section.text)}</p>"
    if isinstance(section, Chart):
        return _chart_html(section, plotly_js, for_print)
    if isinstance(section, Image):
        data = base64.b64encode(section.png).decode("ascii")
        return (f"<div class=\"chart\"><h3>{_e(section.title)}</h3>"
                f"<img alt=\"{_e(section.title)}\" style=\"max-width:100%\" src=\"data:image/png;base64,{data}\"></div>")
    if isinstance(section, Table):
        return _table_html(section, for_print)
    if isinstance(section, FigureSentences):
        return _figures_html(section, for_print)
    raise TypeError(f"not a report section: {section!r}")


def _chart_html(chart: Chart, plotly_js: list[bool], for_print: bool) -> str:
    import plotly.graph_objects as go

    fig = go.Figure(chart.figure)  # a copy: figures may be shared between sessions
    # Streamlit's chart theme grows the margins to fit tick labels; plain plotly.js does not.
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    if for_print:
        height = fig.layout.height or 450
        fig.update_layout(width=PRINT_WIDTH, height=min(height, 900), autosize=False)
        config = {"staticPlot": True}
    else:
        config = {"displaylogo": False, "responsive": True,
                  "toImageButtonOptions": {"format": "png", "filename": chart.title, "scale": 2}}
    div = fig.to_html(include_plotlyjs=plotly_js[0], full_html=False, include_mathjax=False, config=config)
    plotly_js[0] = False
    csv = "" if for_print or chart.data is None or chart.data.empty else (
        f"<p class=\"note\">{_csv_link(chart.data, chart.title, '下载图表数据 CSV')}</p>")
    heading = "" if fig.layout.title.text else f"<h3>{_e(chart.title)}</h3>"  # else the chart shows it
    return f"<div class=\"chart\">{heading}{div}{csv}</div>"


def _table_html(table: Table, for_print: bool) -> str:
    frame = table.frame
    shown = frame.head(table.rows)
    note = f"共 {len(frame):,} 行" + (f"，此处列出前 {len(shown)} 行" if len(shown) < len(frame) else "")
    if not for_print:
        note += "；" + _csv_link(frame, table.title, "下载完整数据 CSV")
    rows = "".join("<tr>" + "".join(f"<td>{_e(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in shown.itertuples(index=False, name=None))
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    return (f"<h3>{_e(table.title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f"<p class=\"note\">{note}</p>")


def _cell(value: Any) -> str:
    """A table cell as printed: blanks for missing values, thousands separators."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4f}".rstrip("0").rstrip(".")
    return str(value)


def _csv_link(frame: pd.DataFrame, title: str, label: str) -> str:
    """A link that downloads `frame` as CSV (UTF-8 with BOM, as the pages' CSV buttons)."""
    data = base64.b64encode(frame.to_csv(index=False).encode("utf-8-sig")).decode("ascii")
    name = _safe_name(title) + ".csv"
    return f"<a download=\"{_e(name)}\" href=\"data:text/csv;charset=utf-8;base64,{data}\">{_e(label)}</a>"


def _figures_html(section: FigureSentences, for_print: bool) -> str:
    from ui.charts import CATEGORY_LABELS

    figures = section.figures
    items = []
    for row in figures.head(section.rows).to_dict("records"):
        facts = [row.get("group"), row.get("subject"), CATEGORY_LABELS.get(row.get("category"), row.get("category")),
                 " ".join(str(v) for v in (row.get("province"), row.get("city")) if _present(v)),
                 f"{int(row['year'])}年" if _present(row.get("year")) else None,
                 f"《{row['title']}》" if _present(row.get("title")) else None]
        facts_text = " · ".join(str(f) for f in facts if _present(f))
        items.append(f"<li><b>{_e(row['surface'])}</b> <span class=\"note\">{_e(facts_text)}</span>"
                     f"<blockquote>{_marked(str(row.get('sentence') or ''), str(row['surface']))}</blockquote></li>")
    total = len(figures) if section.total is None else section.total
    shown = min(len(figures), section.rows)
    note = f"共 {total:,} 个指标" + (f"，此处列出前 {shown} 个" if shown < total else "")
    if section.csv and not for_print:
        columns = [c for c in ("surface", "value", "unit", "subject", "category", "province", "city", "year",
                               "title", "sentence") if c in figures.columns]
        note += "；" + _csv_link(figures[columns], section.title, "下载全部指标 CSV")
    return f"<h3>{_e(section.title)}</h3><ol class=\"figures\">{''.join(items)}</ol><p class=\"note\">{note}</p>"


def _present(value: Any) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NA


def _marked(sentence: str, surface: str) -> str:
    """The sentence, escaped, with the figure marked."""
    at = sentence.find(surface) if surface else -1
    if at < 0:
        return _e(sentence)
    return _e(sentence[:at]) + f"<mark>{_e(surface)}</mark>" + _e(sentence[at + len(surface):])


# ── PDF ──────────────────────────────────────────────────────────────────────────────────
def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on PATH, if any."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def pdf_report(document: str, *, timeout: float = PDF_TIMEOUT_S) -> bytes:
    """PDF bytes of an HTML document printed by headless Chromium (A4 from the CSS `@page`).

    Runs in a temporary directory with its own profile; raises ReportError (Chinese message)
    when Chromium is missing, fails or takes longer than `timeout` seconds."""
    chromium = find_chromium()
    if chromium is None:
        raise ReportError("服务器上没有找到 Chromium 浏览器，无法生成 PDF；可下载 HTML 报告，用浏览器打印为 PDF。")
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        source, target = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        source.write_text(document, encoding="utf-8")
        command = [chromium, *CHROMIUM_ARGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, cwd=tmp, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            raise ReportError(f"生成 PDF 超过 {timeout:.0f} 秒，已放弃；可下载 HTML 报告，用浏览器打印为 PDF。") from err
        except OSError as err:
            raise ReportError(f"无法启动 Chromium（{err.strerror or err}），PDF 未生成。") from err
        pdf = target.read_bytes() if target.exists() else b""
        if not pdf.startswith(b"%PDF"):
            raise ReportError(f"Chromium 未能生成 PDF（退出码 {done.returncode}）；可下载 HTML 报告，用浏览器打印为 PDF。")
        return pdf


# ── Names, summary, link ─────────────────────────────────────────────────────────────────
def _safe_name(text: str) -> str:
    return _UNSAFE_IN_FILE_NAME.sub("_", text).strip("_")[:60] or "报告"


def report_file_name(page: str, filters, extension: str) -> str:
    """`总览_江苏省_2019-2023.html`: the page and the selection, safe as a file name."""
    from analysis import format_year

    parts = ["、".join(values) for values in (filters.province, filters.city, filters.district,
                                               filters.theme, filters.file) if values]
    if filters.year:
        parts.append(format_year(filters.year))
    if filters.q:
        parts.append(filters.q)
    stem = "_".join([page, *parts]) if parts else f"{page}_全部文章"
    return f"{_safe_name(stem)[:80]}.{extension}"


def corpus_summary(corpus) -> tuple[tuple[str, str], ...]:
    """Files, articles, characters, years of a selection and whether reprints were folded."""
    from ui.text import year_span

    articles = corpus.selection
    if corpus.deduplicated:
        reprints = f"已去重：{corpus.folded:,} 篇转载已合并，同一报道只计一次"
    else:
        reprints = "未去重：转载稿各计一次"
    return (("文件数", f"{corpus.all_copies['file'].nunique():,}"), ("文章数", f"{len(articles):,}"),
            ("字数", f"{int(articles['chars'].sum()):,}"), ("年份", year_span(articles["year"].dropna())),
            ("转载", reprints))


def view_link(base: str | None, page_path: str, params: list[tuple[str, str]]) -> str:
    """The URL that reopens the view: `base` (the app's URL of the page) with the query
    string, or a relative link `./page?…` when the base is unknown."""
    query = urlencode(params)
    root = base.split("?")[0] if base else f"./{page_path}"
    return f"{root}?{query}" if query else root


# ── Streamlit seam ───────────────────────────────────────────────────────────────────────
def report_buttons(page: str, sections: list[Section], *, corpus, filters,
                   options: dict[str, str] | None = None, where=None) -> None:
    """The 导出报告 button; pressed, it builds the report of the current view and offers it
    as HTML and PDF downloads. `where`: a container near the page's title (default: here)."""
    import streamlit as st

    from ui.filters import PAGES, describe_filters

    where = where if where is not None else st.container()
    if not where.button("导出报告", key="report_build", help="把当前页面的图表、表格和筛选条件导出为 HTML 和 PDF 报告"):
        return
    path = next((Path(p).stem for p, title in PAGES.items() if title == page), "")
    params = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    info = ReportInfo(page=page, selection=describe_filters(filters), link=view_link(st.context.url, path, params),
                      options=tuple((k, v) for k, v in (options or {}).items() if v), summary=corpus_summary(corpus))
    with st.spinner("正在生成报告……"):
        document = html_report(info, sections)
        try:
            pdf = pdf_report(html_report(info, sections, for_print=True))
        except ReportError as err:
            pdf = None
            where.warning(str(err))
    row = where.container(horizontal=True, gap="small")
    row.download_button("下载报告 HTML", document.encode("utf-8"), file_name=report_file_name(page, filters, "html"),
                        mime="text/html", key="report_html", on_click="ignore")
    if pdf is not None:
        row.download_button("下载报告 PDF", pdf, file_name=report_file_name(page, filters, "pdf"),
                            mime="application/pdf", key="report_pdf", on_click="ignore")
