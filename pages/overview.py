"""总览: corpus summary, top terms and a word cloud of the filtered articles."""
import streamlit as st

from analysis import load_stopwords, term_table
from ui.charts import chart_config, top_terms_bar
from ui.render import word_cloud
from ui.state import describe_filters, page_setup

st.title("工会报道分析看板")
corpus, articles, filters = page_setup()
st.caption(f"当前范围：{describe_filters(filters)}")

files, count, chars = st.columns(3)
files.metric("文件数", f"{articles['file'].nunique():,}")
count.metric("文章数", f"{len(articles):,}")
chars.metric("字数", f"{int(articles['chars'].sum()):,}")

if corpus.warnings:
    with st.expander(f"读取时有 {len(corpus.warnings)} 条提示"):
        for warning in corpus.warnings:
            st.warning(warning)

if articles.empty:
    st.info("没有符合当前筛选条件的文章。请在左侧放宽筛选条件。")
    st.stop()

top_n = st.slider("显示高频词数量", min_value=10, max_value=100, value=30, step=5)
table = term_table(articles, corpus.terms, stopwords=load_stopwords(), top=max(top_n, 150))
st.plotly_chart(
    top_terms_bar(table.head(top_n), title=f"高频词（前 {top_n} 个）"),
    config=chart_config("高频词"),
    key="top_terms",
)

st.subheader("词云")
word_cloud(dict(zip(table["term"], table["count"])), file_name="词云.png", caption="词云（按词频）")
