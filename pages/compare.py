"""地区对比: two or more regions side by side — top terms, keyness, themes, figures."""
import streamlit as st

from ui.charts import keyness_scatter, region_color, theme_heatmap, top_terms_bar
from ui.render import chart
from ui.filters import keep_in_url, restore_from_url
from ui.page import page_setup, stop_if_empty
from ui.report import FigureSentences, Heading, Paragraph, Table, report_buttons

FIELDS = {"province": "省份", "city": "城市", "year": "年份"}

st.title("地区对比")
corpus, articles, filters = page_setup()
report_slot, sections = st.container(), []  # the 导出报告 button, the report's sections
stop_if_empty(articles)
restore_from_url("cmp_by", "by", options=FIELDS)
field = st.radio("对比维度", list(FIELDS), format_func=FIELDS.get, horizontal=True, key="cmp_by")
keep_in_url("by", field if field != "province" else None)
values = sorted(articles[field].dropna().astype(str).unique())
if len(values) < 2:
    st.info(f"当前筛选范围内只有 {len(values)} 个{FIELDS[field]}，至少需要两个才能对比。")
    st.stop()
# Opens on the two groups with the most articles (ties in name order).
largest = articles[field].dropna().astype(str).value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable")
restore_from_url("cmp_values", "cmp", options=values, many=True, default=list(largest.index[:2]))
chosen = st.multiselect(f"选择两个或更多{FIELDS[field]}", values, key="cmp_values")
keep_in_url("cmp", chosen)
if len(chosen) < 2:
    st.info(f"请至少选择两个{FIELDS[field]}。")
    st.stop()

sections.append(Heading("各组高频词"))
columns = st.columns(len(chosen))
group_of = articles[field].astype(str)
in_groups = corpus.subset(articles[group_of.isin(chosen)])
for column, value in zip(columns, chosen):
    group = corpus.subset(articles[group_of == value])
    table = group.terms(top=15)
    n = len(group)
    chart(top_terms_bar(table, title=f"{value}（{n} 篇）", color=region_color(value)), name=f"高频词_{value}", key=f"cmp_bar_{value}", where=column,
          report=sections)

st.subheader("关键词对比（对数似然 G²）")
a = st.selectbox("A 组", chosen, key="cmp_a")
b_options = ["（其余所选）"] + [v for v in chosen if v != a]
b = st.selectbox("B 组", b_options, key="cmp_b")
b_values = [v for v in chosen if v != a] if b == "（其余所选）" else [b]
keyed = in_groups.compare(by=field, a=[a], b=b_values, min_count=3)
if keyed.empty:
    st.info("两组文章的词语太少，无法比较。")
else:
    label_b = "、".join(b_values)
    sections.append(Heading("关键词对比（对数似然 G²）"))
    chart(keyness_scatter(keyed, label_a=a, label_b=label_b, title=f"{a} 对比 {label_b}"), name=f"关键词对比_{a}",
          key="cmp_scatter", report=sections)
    significant = keyed[keyed["p_value"] < 0.05]
    st.caption(f"p < 0.05 的词语 {len(significant)} 个；正值表示在 {a} 中更突出。")
    sections.append(Paragraph(f"p < 0.05 的词语 {len(significant)} 个；正值表示在 {a} 中更突出。"))
    keyed_table = keyed.rename(columns={
        "term": "词语", "count_a": "A频次", "count_b": "B频次", "rate_a": "A每万词", "rate_b": "B每万词",
        "log_ratio": "对数比", "score": "G²（带符号）", "p_value": "p值"})
    st.dataframe(keyed_table.head(200), hide_index=True, width="stretch")
    sections.append(Table(f"{a} 对比 {label_b}", keyed_table))
    st.download_button("下载对比表 CSV", lambda keyed=keyed: keyed.to_csv(index=False).encode("utf-8-sig"),
                       file_name=f"关键词对比_{a}.csv", mime="text/csv", on_click="ignore")

st.subheader("各组特征词（每组对其余所选）")
distinctive = in_groups.distinctive(by=field, top=10, min_count=3)
if not distinctive.empty:
    distinctive_table = (distinctive.groupby("group")["term"].agg(lambda t: "、".join(t)).reset_index()
                         .rename(columns={"group": FIELDS[field], "term": "最突出的词语（按 G²）"}))
    st.dataframe(distinctive_table, hide_index=True, width="stretch")
    sections.append(Table("各组特征词（每组对其余所选）", distinctive_table))

st.subheader("主题与指标")
shares = in_groups.themes(by=field)
sections.append(Heading("主题与指标"))
chart(theme_heatmap(shares, group_label=FIELDS[field], title="主题占比对比"), name="主题对比", key="cmp_themes",
      report=sections)
figures = in_groups.metrics().merge(articles[["article_id"]].assign(_g=group_of), on="article_id")
if not figures.empty:
    pivot = figures.pivot_table(index="unit", columns="_g", values="value", aggfunc="sum", fill_value=0)
    pivot = pivot.rename_axis(index="单位", columns=FIELDS[field])
    counts = figures.groupby("_g").size()
    totals_note = "指标合计（按单位；含约数，仅供参考）：" + "；".join(f"{g} {counts.get(g, 0)} 个指标" for g in chosen)
    st.caption(totals_note)
    st.dataframe(pivot, width="stretch",
                 column_config={g: st.column_config.NumberColumn(format="localized") for g in pivot.columns})
    sections += [Paragraph(totals_note), Table("指标合计（按单位）", pivot.reset_index()),
                 FigureSentences("指标及其原句", figures.rename(columns={"_g": "group"}))]
report_buttons("地区对比", sections, corpus=corpus, filters=filters, where=report_slot, options={
    "对比维度": FIELDS[field], f"所选{FIELDS[field]}": "、".join(chosen), "A 组": a, "B 组": "、".join(b_values)})
