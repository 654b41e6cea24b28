"""文章: the filtered article list and a reader for one article."""
import streamlit as st

from ui.state import page_setup

LIST_COLUMNS = {
    "title": "标题", "file": "文件", "province": "省份", "city": "城市",
    "district": "区县", "year": "年份", "chars": "字数", "article_id": "编号",
}

st.title("文章")
corpus, articles, filters = page_setup()
st.caption(f"共 {len(articles)} 篇文章")
if articles.empty:
    st.info("没有符合当前筛选条件的文章。")
    st.stop()

st.dataframe(
    articles[list(LIST_COLUMNS)].rename(columns=LIST_COLUMNS), hide_index=True, width="stretch"
)

labels = {row.article_id: f"{row.title}（{row.file}）" for row in articles.itertuples()}
chosen = st.selectbox("阅读文章", options=list(labels), format_func=labels.get, key="article")
article = articles.set_index("article_id").loc[chosen]
st.subheader(article["title"])
meta = [article["subtitle"], article["byline"], article["source"]]
st.caption("　".join(str(m) for m in meta if m))
place = "/".join(str(article[c]) for c in ("province", "city", "district") if article[c])
st.markdown(f"**地区**：{place or '未识别'}　**年份**：{article['year'] if article['year'] is not None and str(article['year']) != '<NA>' else '未识别'}")
for paragraph in str(article["text"]).split("\n"):
    st.text(paragraph)
