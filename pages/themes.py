"""主题: theme shares by region and year, topics found in the data, the editable lexicon."""
import streamlit as st

from analysis import data_dir, LexiconError, save_lexicon
from ui.access import can_edit, edit_allowed
from ui.charts import theme_heatmap
from ui.render import chart
from ui.page import WRITE_ERRORS, page_setup, stop_if_empty, write_problem
from ui.report import Paragraph, Table, report_buttons

st.title("主题")
corpus, articles, filters = page_setup()
lexicon, min_hits = corpus.lexicon, corpus.theme_min_hits
report_slot, sections = st.container(), []  # the 导出报告 button, the report's sections
stop_if_empty(articles)

rule = f"共 {len(articles)} 篇文章；一篇文章的主题词出现不少于 {min_hits} 次（且每千字至少一次）或出现在标题中，即算带有该主题。"
st.caption(rule)
sections.append(Paragraph(rule))
for field, label in (("province", "省份"), ("year", "年份")):
    shares = corpus.themes(by=field)
    if shares.empty:
        st.info(f"当前文章没有可用的{label}信息。")
        continue
    chart(theme_heatmap(shares, group_label=label, title=f"{label} × 主题（文章占比）"), name=f"主题热力图_{label}", key=f"heatmap_{field}",
          report=sections)

st.subheader("数据中的话题（NMF）")
n_topics = st.slider("话题数", 2, 12, 6, key="n_topics")
words, weights = corpus.topics(n_topics=n_topics)
if words.empty:
    st.info("文章太少，无法归纳话题（至少需要 3 篇文章）。")
else:
    topic_table = words.groupby("topic")["term"].agg(lambda t: "、".join(t)).reset_index()
    share = weights.groupby("topic")["weight"].sum() / max(len(articles), 1)
    topic_table["文章权重占比"] = topic_table["topic"].map(share).map(lambda x: f"{x:.0%}")
    topic_table = topic_table.rename(columns={"topic": "话题", "term": "主要词语"})
    st.dataframe(topic_table, hide_index=True, width="stretch")
    sections.append(Table("数据中的话题（NMF）", topic_table))
report_buttons("主题", sections, corpus=corpus, filters=filters, where=report_slot, options={"话题数": str(n_topics)})

with st.expander("编辑主题词表"):
    import yaml

    current = yaml.safe_dump({"min_hits": min_hits, "themes": lexicon}, allow_unicode=True, sort_keys=False)
    locked = not edit_allowed()
    text = st.text_area("主题词表（YAML）", current, height=320, key="lexicon_text", disabled=locked)
    if st.button("保存主题词表", key="save_lexicon", disabled=locked) and can_edit():
        try:
            save_lexicon(data_dir(), text)
        except LexiconError as err:
            st.error(f"未保存：{err}")
        except WRITE_ERRORS as err:
            st.error(f"未保存：{write_problem(err)}")
        else:
            st.rerun()
