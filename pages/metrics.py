"""指标: the figures of the selected articles — searchable table, totals, source sentences."""
import streamlit as st

from analysis import summarise_metrics
from ui.charts import CATEGORY_LABELS, metric_categories_bar, metric_totals_bar
from ui.render import chart
from ui.filters import keep_in_url, restore_from_url
from ui.page import page_setup, stop_if_empty
from ui.report import FigureSentences, Heading, Paragraph, Table, report_buttons
from ui.text import blanks, highlight_html, md_escape, with_shown_titles

TABLE_COLUMNS = {
    "surface": "原文", "value": "数值", "unit": "单位", "value_high": "上限", "qualifier": "修饰",
    "subject": "对象", "category": "类别", "province": "省份", "city": "城市", "year": "年份",
    "title": "文章",
}

st.title("指标")
corpus, articles, filters = page_setup()
report_slot, sections = st.container(), []  # the 导出报告 button, the report's sections
stop_if_empty(articles)
metrics = with_shown_titles(corpus.metrics().merge(
    articles[["article_id", "province", "city", "year"]], on="article_id", how="inner"), corpus)
if metrics.empty:
    st.info("当前筛选范围内的文章没有提取到数字指标。")
    st.stop()

search_col, category_col = st.columns([2, 1])
restore_from_url("metric_q", "search")
needle = search_col.text_input("搜索指标", key="metric_q", placeholder="对象、原文或所在句子包含……")
keep_in_url("search", needle.strip())
categories = category_col.multiselect(
    "类别", options=list(CATEGORY_LABELS), format_func=CATEGORY_LABELS.get, key="metric_cat",
    placeholder="全部类别",
)
shown = metrics
if needle.strip():
    text = needle.strip()
    shown = shown[shown[["subject", "surface", "sentence"]].apply(
        lambda col: col.fillna("").str.contains(text, regex=False)).any(axis=1)]
if categories:
    shown = shown[shown["category"].isin(categories)]
counted = f"共 {len(shown)} 个指标，来自 {shown['article_id'].nunique()} 篇文章。"
st.caption(counted + "点击一行查看原句。")
sections += [Paragraph(counted), FigureSentences("指标及其原句", shown)]

table = blanks(shown[list(TABLE_COLUMNS)].assign(category=shown["category"].map(CATEGORY_LABELS)))
# Numbers with separators in a column wide enough for 62,000,000 (a narrow one cut leading digits).
number = st.column_config.NumberColumn(format="localized", width="medium")
event = st.dataframe(
    table.rename(columns=TABLE_COLUMNS), hide_index=True, width="stretch",
    on_select="rerun", selection_mode="single-row", key="metric_table",
    column_config={"数值": number, "上限": st.column_config.TextColumn(width="small"),
                   "原文": st.column_config.TextColumn(width="medium")},
)
st.download_button(
    "下载指标 CSV", lambda shown=shown: shown.to_csv(index=False).encode("utf-8-sig"),
    file_name="指标.csv", mime="text/csv", on_click="ignore",
)
rows = event.selection.rows if event is not None else []
if rows:
    row = shown.iloc[rows[0]]
    text = str(corpus.texts([row["article_id"]])["text"].iloc[0])  # the one text shown
    st.markdown(f"**{md_escape(row['title'])}**")
    left = max(0, int(row["start"]) - 80)
    right = min(len(text), int(row["end"]) + 80)
    snippet = highlight_html(text[left:right], int(row["start"]) - left, int(row["end"]) - left)
    st.markdown(f"<div class='metric-context'>…{snippet}…</div>", unsafe_allow_html=True)

st.subheader("分类与合计")
sections.append(Heading("分类与合计"))
chart(metric_categories_bar(shown), name="指标类别", key="metric_categories", report=sections)
units = shown["unit"].value_counts()
unit = st.selectbox("合计的单位", options=list(units.index), key="metric_unit",
                    format_func=lambda u: f"{u}（{units[u]} 个指标）")
group_field = st.radio("分组", options=["province", "year"], horizontal=True, key="metric_by",
                       format_func={"province": "按省份", "year": "按年份"}.get)
summary = summarise_metrics(shown, group_of=group_field)
label = "省份" if group_field == "province" else "年份"
chart(metric_totals_bar(summary, unit=unit, group_label=label, title=f"{unit} 合计（按{label}）"), name=f"指标合计_{unit}_{label}", key="metric_totals",
      report=sections)
picked = summary[summary["unit"] == unit]
approx, overlap = int(picked["approximate"].sum()), int(picked["overlapping"].sum())
if approx or overlap:
    caveat = (f"合计含 {approx} 个约数（余、多、近、约、超、以上等，按写出的数字计）"
              f"和 {overlap} 个可能重复的数字（同一篇文章中同值同单位出现多次）；合计仅供参考。")
    st.warning(caveat)
    sections.append(Paragraph(caveat))
totals = blanks(picked.assign(category=picked["category"].map(CATEGORY_LABELS))).rename(columns={
    "group": label, "unit": "单位", "category": "类别", "total": "合计", "figures": "指标数",
    "approximate": "约数", "overlapping": "可能重复", "ranges": "区间（按下限计）",
})
st.dataframe(totals, hide_index=True, width="stretch", column_config={"合计": st.column_config.NumberColumn(format="localized")})
sections.append(Table(f"{unit} 合计（按{label}）", totals))
report_buttons("指标", sections, corpus=corpus, filters=filters, where=report_slot, options={
    "搜索": needle.strip(), "类别": "、".join(CATEGORY_LABELS[c] for c in categories),
    "合计的单位": unit, "分组": f"按{label}"})
