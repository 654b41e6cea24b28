"""词频与词云: top terms by any grouping, a word cloud of the selection, the term table."""
import streamlit as st

from analysis import data_dir, POS_CLASSES, update_settings
from ui.access import can_edit, edit_allowed
from ui.charts import cooccurrence_network, top_terms_bar
from ui.render import chart, word_cloud
from ui.corpus_cache import current_settings
from ui.filters import keep_in_url, restore_from_url
from ui.page import WRITE_ERRORS, page_setup, stop_if_empty, write_problem
from ui.report import Heading, Table, report_buttons

GROUPINGS = {"": "不分组", "province": "省份", "city": "城市", "year": "年份", "file": "文件", "theme": "主题"}

st.title("词频与词云")
corpus, articles, filters = page_setup()
report_slot, sections = st.container(), []  # the 导出报告 button, the report's sections
stop_if_empty(articles)

by_col, pos_col, top_col = st.columns([1, 1, 1])
restore_from_url("terms_by", "by", options=GROUPINGS)
by = by_col.selectbox("分组", list(GROUPINGS), format_func=GROUPINGS.get, key="terms_by")
keep_in_url("by", by)
pos = pos_col.multiselect("词性", list(POS_CLASSES), format_func=POS_CLASSES.get, key="terms_pos",
                          placeholder="全部词性")
top_n = top_col.slider("每组显示词数", 5, 60, 20, key="terms_top")
table = corpus.terms(by=by or None, top=max(top_n, 150), pos=tuple(pos))
if table.empty:
    st.info("所选分组下没有可统计的词语。")
    st.stop()
groups = list(dict.fromkeys(table["group"].astype(str)))
if by:
    restore_from_url("terms_group", "group", options=groups)
    group = st.selectbox("查看分组", groups, key="terms_group")
else:
    group = groups[0]
keep_in_url("group", group if by else None)
shown = table[table["group"].astype(str) == group]
chart(top_terms_bar(shown.head(top_n), title=f"高频词：{group}"), name=f"高频词_{group}", key="terms_bar", report=sections)

st.subheader("词云")
sections.append(Heading("词云"))
word_cloud(dict(zip(shown["term"], shown["count"])), file_name=f"词云_{group}.png", report=sections)

st.subheader("词频表")
term_table = table.rename(columns={"group": "分组", "term": "词语", "count": "频次",
                                   "rate_per_10k": "每万词", "doc_freq": "文章数"})
st.dataframe(term_table, hide_index=True, width="stretch")
sections.append(Table("词频表", term_table))
st.download_button("下载词频表 CSV", lambda table=table: table.to_csv(index=False).encode("utf-8-sig"), on_click="ignore",
                   file_name="词频.csv", mime="text/csv")

with st.expander("自定义词典与停用词"):
    settings = current_settings()
    st.caption("每行一个词。停用词立即生效；新增词典词会重新分词（进度见页面顶部）。")
    locked = not edit_allowed()
    words = st.text_area("新增词语（保持为一个词）", "\n".join(settings.words), key="user_words", disabled=locked)
    stops = st.text_area("新增停用词（不计入统计）", "\n".join(settings.stopwords), key="user_stopwords",
                         disabled=locked)
    if st.button("保存词典与停用词", key="save_words", disabled=locked) and can_edit():
        try:
            update_settings(data_dir(), words=[w.strip() for w in words.splitlines() if w.strip()],
                            stopwords=[w.strip() for w in stops.splitlines() if w.strip()])
        except WRITE_ERRORS as err:
            st.error(f"未保存：{write_problem(err)}")
        else:
            st.rerun()

st.subheader("共现网络")
pairs = corpus.cooccurrence(top_terms=60, min_together=2)
if pairs.empty:
    st.info("文章太少，没有共同出现两次以上的高频词对。")
else:
    st.caption("高频词在同一篇文章中共同出现的强度（PMI，点互信息），只计共同出现不少于 2 篇的词对。")
    sections.append(Heading("共现网络"))
    chart(cooccurrence_network(pairs, title="词语共现网络"), name="共现网络", key="cooccurrence", report=sections)
    pair_table = pairs.head(100).rename(columns={"term_a": "词语A", "term_b": "词语B", "together": "共现文章数",
                                                 "count_a": "A文章数", "count_b": "B文章数", "pmi": "PMI"})
    st.dataframe(pair_table, hide_index=True, width="stretch")
    sections.append(Table("共现词对", pair_table))
report_buttons("词频与词云", sections, corpus=corpus, filters=filters, where=report_slot,
               options={"分组": GROUPINGS[by], "查看分组": group if by else "", "词性": "、".join(POS_CLASSES[p] for p in pos),
                        "每组显示词数": str(top_n)})
