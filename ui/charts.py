"""Plotly figures built from engine frames; Chinese titles, no Streamlit here."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

FONT_FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _style(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01},
        font={"family": FONT_FAMILY},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


def top_terms_bar(table: pd.DataFrame, *, title: str = "高频词") -> go.Figure:
    """Horizontal bar chart of a term table (`term`, `count`, `rate_per_10k`), biggest on top."""
    data = table.sort_values("count", ascending=True)
    fig = px.bar(
        data,
        x="count",
        y="term",
        orientation="h",
        hover_data={"rate_per_10k": True, "doc_freq": True},
        labels={"count": "词频", "term": "词语", "rate_per_10k": "每万词", "doc_freq": "文章数"},
    )
    fig.update_layout(height=max(300, 22 * len(data) + 80))
    return _style(fig, title)


def articles_by_file_bar(articles: pd.DataFrame, *, title: str = "各文件文章数") -> go.Figure:
    """Bar chart of article counts per file."""
    counts = articles.groupby("file").size().reset_index(name="articles")
    fig = px.bar(counts, x="file", y="articles", labels={"file": "文件", "articles": "文章数"})
    return _style(fig, title)


def chart_config(filename: str) -> dict:
    """Plotly config: PNG export with a meaningful file name, no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


CATEGORY_LABELS = {
    "money": "资金", "people": "人数", "events": "活动", "organisations": "组织",
    "facilities": "阵地设施", "percentage": "比例", "other": "其他",
}


def metric_categories_bar(metrics: pd.DataFrame, *, title: str = "各类指标数量") -> go.Figure:
    """Number of figures per category."""
    counts = metrics["category"].map(CATEGORY_LABELS).value_counts().rename_axis("类别").reset_index(name="指标数")
    fig = px.bar(counts, x="类别", y="指标数")
    return _style(fig, title)


def metric_totals_bar(summary: pd.DataFrame, *, unit: str, group_label: str, title: str) -> go.Figure:
    """Totals of one unit per group; hatched bars contain approximate or overlapping figures."""
    data = summary[summary["unit"] == unit].groupby("group", as_index=False)[
        ["total", "figures", "approximate", "overlapping"]
    ].sum()
    data["group"] = data["group"].astype(str)
    data["note"] = [
        "含约数或重复" if (a or o) else "" for a, o in zip(data["approximate"], data["overlapping"])
    ]
    fig = px.bar(
        data, x="group", y="total", text="note",
        hover_data={"figures": True, "approximate": True, "overlapping": True},
        labels={"group": group_label, "total": f"合计（{unit}）", "figures": "指标数",
                "approximate": "约数", "overlapping": "可能重复", "note": ""},
    )
    fig.update_traces(marker_pattern_shape=["/" if n else "" for n in data["note"]])
    return _style(fig, title)
