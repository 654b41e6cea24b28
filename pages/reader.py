"""阅读: search a term, read it in context (KWIC), open an article with matches highlighted."""
import html
import re

import pandas as pd
import streamlit as st

from ui.filters import keep_in_url, restore_from_url
from ui.page import page_setup, stop_if_empty
from ui.render import other_copies
from ui.text import md_escape, with_shown_titles

st.title("阅读")
corpus, articles, filters = page_setup()
stop_if_empty(articles)
term_col, window_col, sort_col = st.columns([2, 1, 1])
restore_from_url("kwic_term", "kwic")
restore_from_url("kwic_window", "window", cast=int, options=range(5, 61))
restore_from_url("kwic_sort", "sort", options=("left", "right"))
term = term_col.text_input("检索词", key="kwic_term", placeholder="如：爱心驿站")
window = window_col.slider("上下文字数", 5, 60, 20 if "kwic_window" not in st.session_state else None,
                           key="kwic_window")
sort = sort_col.selectbox("排序", ["", "left", "right"], key="kwic_sort",
                          format_func={"": "按出现顺序", "left": "按左侧文字", "right": "按右侧文字"}.get)
keep_in_url("kwic", term.strip())
keep_in_url("window", window if window != 20 else None)
keep_in_url("sort", sort)
if not term.strip():
    st.info("输入一个词语或短语，查看它在文章中的上下文。")
    st.stop()
lines = corpus.kwic(term, window=window, sort=sort or None)
st.caption(f"“{term.strip()}”在 {lines['article_id'].nunique()} 篇文章中出现 {len(lines)} 次。")
if lines.empty:
    st.stop()
titles = with_shown_titles(articles.loc[articles["article_id"].isin(lines["article_id"])], corpus) \
    .set_index("article_id")["title"]
table = lines.assign(title=lines["article_id"].map(titles))[["left", "term", "right", "title", "article_id"]]
event = st.dataframe(table.rename(columns={"left": "左侧", "term": "检索词", "right": "右侧", "title": "文章",
                                           "article_id": "编号"}),
                     hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                     key="kwic_table", column_config={"左侧": st.column_config.TextColumn(width="medium", alignment="right")})
picked = event.selection.rows if event is not None else []
article_id = table.iloc[picked[0]]["article_id"] if picked else table.iloc[0]["article_id"]
article = articles.set_index("article_id").loc[article_id]
st.subheader(md_escape(titles[article_id]))
where = [str(article[c]) for c in ("province", "city", "district", "year") if not pd.isna(article[c])]
st.caption(" ".join(where) or "地区、年份未识别")
other_copies(corpus, article_id)
body = html.escape(str(corpus.texts([article_id])["text"].iloc[0]))
marked = re.sub(re.escape(html.escape(term.strip())), lambda m: f"<mark>{m.group()}</mark>", body)
st.markdown("<div style='line-height:1.9'>" + marked.replace("\n", "<br>") + "</div>", unsafe_allow_html=True)
