"""总览: corpus summary, a map of where the articles are from, years, top terms, recent articles."""
import streamlit as st

from ui.charts import articles_by_bar, top_terms_bar
from ui.render import chart, region_map
from ui.filters import describe_filters
from ui.page import page_setup, stop_if_empty
from ui.report import FIGURE_ROWS, FigureSentences, Heading, Table, report_buttons
from ui.shared import shared
from ui.text import article_facts, blanks, md_escape, with_shown_titles, year_span

st.title("工会报道分析看板")
corpus, articles, filters = page_setup()
report_slot, sections = st.container(), []  # the 导出报告 button, the report's sections
folded = f"；{corpus.folded} 篇转载已合并（同一报道只计一次，可在左侧关闭去重）" if corpus.folded else ""
st.caption(f"当前范围：{describe_filters(filters)}{folded}")

files, count, chars = st.columns(3)
provinces, years, figures = st.columns(3)
files.metric("文件数", f"{corpus.all_copies['file'].nunique():,}")  # files hold copies too
count.metric("文章数", f"{len(articles):,}")
chars.metric("字数", f"{int(articles['chars'].sum()):,}")
provinces.metric("省份数", f"{articles['province'].dropna().nunique():,}")
known_years = articles["year"].dropna()
years.metric("年份", year_span(known_years))
figure_count = corpus.metric_count()
figures.metric("指标数", f"{figure_count:,}")

if corpus.warnings:
    with st.expander(f"读取时有 {len(corpus.warnings)} 条提示"):
        for warning in corpus.warnings:
            st.warning(warning)

stop_if_empty(articles)

st.subheader("地区分布")
sections.append(Heading("地区分布"))
region_map(articles, within=filters.province[0] if len(filters.province) == 1 else None, key="region_map",
           corpus=corpus, filters=filters, report=sections)

# Built once per selection for every session (ui.shared): the figures only read `articles`.
by_year, top_terms = st.columns(2)
year_fig = shared(corpus, ("overview_years", filters),
                  lambda: articles_by_bar(articles, "year", label="年份", title="各年份文章数"))
sections.append(Heading("年份与高频词"))
chart(year_fig, name="各年份文章数", key="by_year", where=by_year, report=sections)
terms_fig = shared(corpus, ("overview_terms", filters),
                   lambda: top_terms_bar(corpus.terms(top=20), title="高频词（前 20 个）"))
chart(terms_fig, name="高频词", key="top_terms", where=top_terms, report=sections)
top_terms.page_link("pages/terms.py", label="更多词语、词云和分组比较 →")

st.subheader("最近的文章")
recent = with_shown_titles(articles.sort_values(["year", "date"], ascending=False, na_position="last").head(8), corpus)
# One line per article (title, then place, year, source, file): readable at any width,
# where a table squeezed titles to two characters a line on a phone.
st.markdown("\n".join(f"- **{md_escape(row.title)}**　{md_escape(article_facts(row))}"
                       for row in recent.itertuples()))

sections += [Table("最近的文章", blanks(recent[["title", "province", "city", "year", "file"]]).rename(
    columns={"title": "标题", "province": "省份", "city": "城市", "year": "年份", "file": "文件"})),
             FigureSentences("指标及其原句", corpus.metrics(limit=FIGURE_ROWS).merge(
                 articles[["article_id", "province", "city", "year"]], on="article_id"),
                             csv=False, total=figure_count)]  # the first few; 指标 has them all
report_buttons("总览", sections, corpus=corpus, filters=filters, where=report_slot)
