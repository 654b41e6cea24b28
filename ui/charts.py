"""Plotly figures built from engine frames; Chinese titles, no Streamlit here."""
from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ui.memo import memoized

# Colours of series, named in every figure. Streamlit's plotly template names its colours
# with placeholders (#000001 …) that only its frontend resolves: a figure that took its
# colours from the template drew every series near-black when rendered on the server.
SERIES_COLOURS = ["#0068c9", "#ff2b2b", "#29b09d", "#ff8700", "#6d3fc0", "#83c9ff", "#ffabab",
                  "#7defa1", "#ffd16a", "#8c564b"]
FONT_FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _style(fig: go.Figure, title: str) -> go.Figure:
    # The title sits at the foot of the top margin, the toolbar (modebar) at its head: on a
    # narrow screen a long title runs under the toolbar's place instead of behind it.
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 1, "yref": "paper", "yanchor": "bottom",
               "pad": {"b": 10}},
        font={"family": FONT_FAMILY},
        margin={"l": 10, "r": 10, "t": 72, "b": 10},
    )
    return fig


@memoized
def top_terms_bar(table: pd.DataFrame, *, title: str = "高频词", color: str | None = None) -> go.Figure:
    """Horizontal bar chart of a term table (`term`, `count`, `rate_per_10k`), biggest on top;
    `color` (e.g. a region's, see region_color) for every bar."""
    data = table.sort_values("count", ascending=True)
    fig = px.bar(
        data,
        x="count",
        y="term",
        orientation="h",
        hover_data={"rate_per_10k": True, "doc_freq": True},
        labels={"count": "词频", "term": "词语", "rate_per_10k": "每万词", "doc_freq": "文章数"},
        color_discrete_sequence=SERIES_COLOURS,
    )
    fig.update_layout(height=max(300, 22 * len(data) + 80))
    if color:
        fig.update_traces(marker_color=color)
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


@memoized
def metric_categories_bar(metrics: pd.DataFrame, *, title: str = "各类指标数量") -> go.Figure:
    """Number of figures per category."""
    counts = metrics["category"].map(CATEGORY_LABELS).value_counts().rename_axis("类别").reset_index(name="指标数")
    fig = px.bar(counts, x="类别", y="指标数", color_discrete_sequence=SERIES_COLOURS)
    return _style(fig, title)


@memoized
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
        color_discrete_sequence=SERIES_COLOURS,
    )
    fig.update_traces(marker_pattern_shape=["/" if n else "" for n in data["note"]])
    return _style(fig, title)


@memoized
def theme_heatmap(shares: pd.DataFrame, *, group_label: str, title: str) -> go.Figure:
    """Heatmap of the share of articles carrying each theme, groups × themes."""
    matrix = shares.pivot_table(index="group", columns="theme", values="score", fill_value=0)
    counts = shares.pivot_table(index="group", columns="theme", values="articles", fill_value=0)
    fig = go.Figure(go.Heatmap(
        z=matrix.values, x=list(matrix.columns), y=[str(g) for g in matrix.index],
        colorscale="Blues", zmin=0, zmax=1, customdata=counts.values,
        hovertemplate=f"{group_label}：%{{y}}<br>主题：%{{x}}<br>占比：%{{z:.0%}}<br>文章数：%{{customdata}}<extra></extra>",
        colorbar={"title": "占比", "tickformat": ".0%"},
    ))
    # Categorical rows: years would otherwise make a numeric axis, stretching rows over
    # years without data and leaving the top row unlabelled.
    fig.update_layout(height=max(320, 40 * len(matrix.index) + 160), xaxis={"tickangle": -40, "type": "category"},
                      yaxis={"type": "category", "autorange": "reversed"})
    return _style(fig, title)


@memoized
def keyness_scatter(table: pd.DataFrame, *, label_a: str, label_b: str, title: str, labels: int = 15) -> go.Figure:
    """Scattertext-style view: each term at (rate in B, rate in A), coloured by signed G²."""
    data = table.copy()
    data["x"] = data["rate_b"] + 0.5
    data["y"] = data["rate_a"] + 0.5
    top = set(data.nlargest(labels, "score")["term"]) | set(data.nsmallest(labels, "score")["term"])
    data["label"] = _uncluttered_labels(data, top)
    fig = px.scatter(
        data, x="x", y="y", color="score", text="label", log_x=True, log_y=True,
        color_continuous_scale="RdBu_r", color_continuous_midpoint=0,
        hover_data={"term": True, "count_a": True, "count_b": True, "log_ratio": True,
                    "p_value": ":.3g", "x": False, "y": False, "label": False},
        labels={"x": f"{label_b}（每万词，+0.5）", "y": f"{label_a}（每万词，+0.5）", "score": "G²（带符号）",
                "term": "词语", "count_a": f"{label_a}频次", "count_b": f"{label_b}频次", "log_ratio": "对数比"},
        color_discrete_sequence=SERIES_COLOURS,
    )
    fig.update_traces(textposition="top center", marker={"size": 7, "opacity": 0.75})
    low, high = min(data["x"].min(), data["y"].min()), max(data["x"].max(), data["y"].max())
    fig.add_shape(type="line", x0=low, y0=low, x1=high, y1=high, line={"dash": "dot", "color": "#999"})
    ticks = log_ticks(low, high)
    labels_of = [f"{t:g}" for t in ticks]
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=labels_of)
    fig.update_yaxes(tickmode="array", tickvals=ticks, ticktext=labels_of)
    fig.update_layout(height=620)
    return _style(fig, title)


def log_ticks(low: float, high: float) -> list[float]:
    """Ticks 1, 2, 5 × 10ⁿ covering [low, high], each printed in full (plotly's own log ticks
    print minor labels as bare digits: 5 1 2 5 10)."""
    import math

    ticks = []
    for power in range(math.floor(math.log10(max(low, 1e-9))), math.ceil(math.log10(max(high, 1e-9))) + 1):
        for step in (1, 2, 5):
            value = step * 10 ** power
            if low <= value <= high:
                ticks.append(float(value))
    if len(ticks) > 8:  # a wide range: decades only
        ticks = [t for t in ticks if f"{t:g}".lstrip("0.").startswith("1")]
    return ticks or [low, high]


# Two labels closer than this (log10 units on the log-log axes) would print over each other.
LABEL_GAP_X, LABEL_GAP_Y = 0.25, 0.12


def _uncluttered_labels(data: pd.DataFrame, wanted: set[str]) -> pd.Series:
    """Labels for the `wanted` terms, strongest (|score|) first, leaving out any that would
    print over one already placed; every term keeps its point and its hover text."""
    placed: list[tuple[float, float]] = []
    labels = pd.Series("", index=data.index, dtype=object)
    candidates = data[data["term"].isin(wanted)]
    for index in candidates["score"].abs().sort_values(ascending=False).index:
        x, y = np.log10(data.at[index, "x"]), np.log10(data.at[index, "y"])
        if all(abs(x - px_) > LABEL_GAP_X or abs(y - py_) > LABEL_GAP_Y for px_, py_ in placed):
            placed.append((x, y))
            labels.at[index] = data.at[index, "term"]
    return labels


@memoized
def trends_line(trends: pd.DataFrame, *, title: str, few: int = 3) -> go.Figure:
    """Rate per 10k tokens by year, one line per term; years with few articles are marked."""
    data = trends.copy()
    data["year"] = data["year"].astype(str)
    data["note"] = data["articles"].map(lambda n: f"仅{n}篇" if n < few else "")
    fig = px.line(
        data, x="year", y="rate_per_10k", color="term", markers=True, text="note",
        hover_data={"count": True, "articles": True, "note": False},
        labels={"year": "年份", "rate_per_10k": "每万词频次", "term": "词语", "count": "频次", "articles": "当年文章数"},
        color_discrete_sequence=SERIES_COLOURS,
    )
    fig.update_traces(textposition="top center")
    fig.update_xaxes(type="category")
    return _style(fig, title)


@memoized
def cooccurrence_network(pairs: pd.DataFrame, *, title: str, edges: int = 40) -> go.Figure:
    """Network of the strongest co-occurring pairs, nodes on a circle (no layout library needed)."""
    import math

    top = pairs.head(edges)
    nodes = sorted(set(top["term_a"]) | set(top["term_b"]))
    position = {n: (math.cos(2 * math.pi * i / max(len(nodes), 1)), math.sin(2 * math.pi * i / max(len(nodes), 1)))
                for i, n in enumerate(nodes)}
    edge_x, edge_y = [], []
    for a, b in zip(top["term_a"], top["term_b"]):
        edge_x += [position[a][0], position[b][0], None]
        edge_y += [position[a][1], position[b][1], None]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=edge_x, y=edge_y, mode="lines", line={"width": 1, "color": "#9bb"}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=[position[n][0] for n in nodes], y=[position[n][1] for n in nodes], mode="markers+text",
        text=nodes, textposition="top center", marker={"size": 10, "color": "#1f77b4"}, hoverinfo="text",
    ))
    fig.update_layout(showlegend=False, height=560, xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"})
    return _style(fig, title)


PALETTE = px.colors.qualitative.Dark24 + px.colors.qualitative.Light24


def region_color(name: str) -> str:
    """A stable colour for a region name, the same on every page and in every session.

    The 34 province-level regions each get their own colour (by adcode order); other
    names (cities, districts) are hashed into the palette, so two may share one."""
    import zlib

    provinces = _province_order()
    if name in provinces:
        return PALETTE[provinces[name] % len(PALETTE)]
    return PALETTE[zlib.crc32(str(name).encode("utf-8")) % len(PALETTE)]


@functools.lru_cache(maxsize=1)
def _province_order() -> dict[str, int]:
    from analysis import NATIONAL, load_gazetteer

    names = sorted({p.name: p.adcode for p in load_gazetteer().places if p.level == "province"}.items(),
                   key=lambda item: item[1])
    order = {name: rank for rank, (name, _) in enumerate(names)}
    order[NATIONAL] = len(order)
    return order


@memoized
def articles_by_bar(articles: pd.DataFrame, field: str, *, label: str, title: str) -> go.Figure:
    """Number of articles per value of `field` (province colours stay fixed across pages)."""
    counts = articles[field].dropna().astype(str).value_counts().rename_axis(label).reset_index(name="文章数")
    if field == "year":
        counts = counts.sort_values(label)
    colors = {v: region_color(v) for v in counts[label]} if field in ("province", "city") else None
    fig = px.bar(counts, x=label, y="文章数", color=label if colors else None, color_discrete_map=colors, color_discrete_sequence=SERIES_COLOURS)
    top = int(counts["文章数"].max()) if len(counts) else 1
    # Whole numbers only: a tick every `dtick` articles (plotly would put some at 0.5).
    fig.update_layout(showlegend=False, xaxis={"type": "category"},
                      yaxis={"tickformat": ",d", "rangemode": "tozero", "dtick": max(1, -(-top // 6))})
    return _style(fig, title)


def figure_data(fig: go.Figure) -> pd.DataFrame:
    """The numbers a figure shows, as a table (for the CSV beside every chart)."""
    x_title = fig.layout.xaxis.title.text or "x"
    y_title = fig.layout.yaxis.title.text or "y"
    frames = []
    for trace in fig.data:
        name = trace.name or ""
        if trace.type == "heatmap":
            z = pd.DataFrame(trace.z, index=list(trace.y), columns=list(trace.x))
            long = z.stack().rename("值").reset_index()
            long.columns = ["行", "列", "值"]
            frames.append(long.assign(系列=name))
        elif trace.x is not None and trace.y is not None and getattr(trace, "mode", None) != "lines":
            data = {x_title: list(trace.x), y_title: list(trace.y)}
            if trace.text is not None and not isinstance(trace.text, str):
                data["标签"] = list(trace.text)
            frames.append(pd.DataFrame(data).assign(系列=name))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


def _scale_position(n: int, top: int) -> float:
    """Where a count sits on the colour scale (0.2 for the lightest count, 1.0 for the top).
    Clamped: 0.2 + 0.8 * 6 / 6 is 1.0000000000000002, which plotly's sampler rejects."""
    return min(1.0, max(0.0, 0.2 + 0.8 * n / top))


def region_map(counts: pd.DataFrame, outlines: dict, *, title: str, names: dict[str, str] | None = None,
               maritime=(), unit: str = "篇") -> go.Figure:
    """Choropleth of `counts` (`adcode`, `name`, `articles`) over region outlines, drawn as
    filled polygons on plain axes: nothing is fetched, so the map works offline."""
    import math

    from plotly.colors import sample_colorscale

    by_code = {str(code): (name, int(n)) for code, name, n in zip(counts["adcode"], counts["name"], counts["articles"])}
    top = max((n for _, n in by_code.values()), default=0)
    fig = go.Figure()
    labels_x, labels_y, labels, label_colors = [], [], [], []
    all_y = []
    for code, outline in outlines.items():
        name, n = by_code.get(code, ((names or {}).get(code), 0))
        if not outline.rings:
            continue
        # One trace per region, rings separated by NaN (a gap); float arrays travel to the
        # browser as compact typed arrays and copy cheaply on every page run.
        xs = np.concatenate([np.append(rx, np.nan) for rx, _ in outline.rings]).astype(np.float32)
        ys = np.concatenate([np.append(ry, np.nan) for _, ry in outline.rings]).astype(np.float32)
        all_y += [float(np.nanmin(ys)), float(np.nanmax(ys))]
        color = "#e9edf2" if n == 0 else sample_colorscale("Blues", [_scale_position(n, top)])[0]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", fillcolor=color, mode="lines",
            line={"color": "#8a94a6", "width": 0.6}, hoveron="fills", hoverinfo="text",
            text=f"{name or code}：{n} {unit}", name=name or code, showlegend=False,
        ))
        if n and name:
            biggest = max(outline.rings, key=lambda ring: len(ring[0]))
            labels_x.append(sum(biggest[0]) / len(biggest[0]))
            labels_y.append(sum(biggest[1]) / len(biggest[1]))
            labels.append(f"{_SUFFIX.sub('', name) or name}<br>{n}")
            label_colors.append("#ffffff" if n / top > 0.55 else "#1b2a41")  # readable on its fill
    for xs, ys in maritime:
        fig.add_trace(go.Scatter(x=list(xs), y=list(ys), mode="lines", hoverinfo="skip",
                                 line={"color": "#8a94a6", "width": 1}, showlegend=False))
    fig.add_trace(go.Scatter(
        x=labels_x, y=labels_y, text=labels, mode="text", hoverinfo="skip", showlegend=False,
        textfont={"size": 10, "color": label_colors},
    ))
    # An invisible marker carries the colour bar.
    fig.add_trace(go.Scatter(
        x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
        marker={"colorscale": [[0, sample_colorscale("Blues", [0.2])[0]], [1, sample_colorscale("Blues", [1.0])[0]]],
                "cmin": 0, "cmax": max(top, 1), "color": [0], "showscale": True,
                "colorbar": {"title": {"text": unit}, "thickness": 12, "len": 0.6,
                             "dtick": max(1, math.ceil(top / 5))}},
    ))
    mid = (min(all_y) + max(all_y)) / 2 if all_y else 35
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid)))
    fig.update_layout(height=560, plot_bgcolor="rgba(0,0,0,0)", dragmode="pan")
    return _style(fig, title)
