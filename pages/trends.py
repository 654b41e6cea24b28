"""趋势: term and theme rates by year, with the number of articles behind each point."""
import streamlit as st

from ui.charts import theme_heatmap, trends_line
from ui.render import chart
from ui.filters import keep_in_url, restore_from_url
from ui.page import page_setup, stop_if_empty
from ui.report import Paragraph, Table, report_buttons

FEW = 3

st.title("趋势")
corpus, articles, filters = page_setup()
report_slot, sections = st.container(), []  # the 导出报告 button, the report's sections
stop_if_empty(articles)
dated = articles[articles["year"].notna()]
if dated.empty:
    st.info("当前筛选范围内没有识别出年份的文章。")
    st.stop()
dated_only = corpus.subset(dated)
top = dated_only.terms(top=8)["term"].tolist()
# Words from the URL that are not among the top ones go to the "other words" box.
linked = st.query_params.get_all("words")
restore_from_url("trend_words", "words", options=top, many=True, default=[w for w in top[:3]] if not linked else None)
if "trend_extra" not in st.session_state:
    st.session_state["trend_extra"] = " ".join(w for w in linked if w not in top)
picked_col, extra_col = st.columns([2, 1])
picked = picked_col.multiselect("高频词（可多选）", options=top, key="trend_words", placeholder="选择词语")
extra = extra_col.text_input("其他词语（空格分隔）", key="trend_extra", placeholder="如：职工书屋 爱心驿站")
words = list(dict.fromkeys(picked + extra.replace("，", " ").replace(",", " ").split()))
keep_in_url("words", words)
if not words:
    st.info("请选择至少一个词语。")
    st.stop()
trends = dated_only.trends(words)
chart(trends_line(trends, title="词语每万词频次（按年份）", few=FEW), name="词语趋势", key="trend_terms", report=sections)
small = trends.drop_duplicates("year")
small = small[small["articles"] < FEW]
if not small.empty:
    few = "以下年份文章很少，趋势仅供参考：" + "、".join(f"{y}年（{n}篇）" for y, n in zip(small["year"], small["articles"]))
    st.warning(few)
    sections.append(Paragraph(few))
trend_table = trends.rename(columns={"year": "年份", "term": "词语", "count": "频次", "rate_per_10k": "每万词",
                                     "articles": "当年文章数"})
st.dataframe(trend_table, hide_index=True, width="stretch")
sections.append(Table("词语趋势表", trend_table))

shares = dated_only.themes(by="year")
chart(theme_heatmap(shares, group_label="年份", title="主题占比（按年份）"), name="主题趋势", key="trend_themes", report=sections)
report_buttons("趋势", sections, corpus=corpus, filters=filters, where=report_slot, options={"词语": "、".join(words)})
