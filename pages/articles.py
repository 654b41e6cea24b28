"""文章: the filtered article list, a reader with region/year evidence, and corrections."""
import pandas as pd
import streamlit as st

from analysis import OverrideError
from ui.access import can_edit, edit_allowed
from ui.filters import keep_in_url, restore_from_url
from ui.page import WRITE_ERRORS, flash, page_setup, save_correction, stop_if_empty, write_problem
from ui.render import other_copies
from ui.text import blanks, md_escape, with_shown_titles

LIST_COLUMNS = {
    "title": "标题", "province": "省份", "city": "城市", "district": "区县", "year": "年份",
    "source": "来源", "file": "文件", "chars": "字数", "article_id": "编号",
}

st.title("文章")
corpus, articles, filters = page_setup()
shown_articles = with_shown_titles(articles, corpus)  # headline-less items marked 〔无标题〕; corrections use the real title
st.caption(f"共 {len(articles)} 篇文章")
stop_if_empty(articles)

st.dataframe(
    blanks(shown_articles[list(LIST_COLUMNS)]).rename(columns=LIST_COLUMNS), hide_index=True, width="stretch"
)

labels = {row.article_id: f"{row.title}（{row.file}）" for row in shown_articles.itertuples()}
restore_from_url("article", "article", options=labels)
chosen = st.selectbox("阅读文章", options=list(labels), format_func=labels.get, key="article")
keep_in_url("article", chosen)
article = articles.set_index("article_id").loc[chosen]
article["article_id"] = chosen


def shown(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


st.subheader(md_escape(shown_articles.set_index("article_id").at[chosen, "title"]))
meta = [shown(article[c]) for c in ("subtitle", "byline", "source", "date")]
st.caption(md_escape("　".join(m for m in meta if m)))
place = "/".join(shown(article[c]) for c in ("province", "city", "district") if shown(article[c]))
region_col, year_col = st.columns(2)
region_col.markdown(f"**地区**：{md_escape(place or '未识别')}")
region_col.caption(f"依据：{md_escape(shown(article['region_evidence']) or '无')}")
year_col.markdown(f"**年份**：{md_escape(shown(article['year']) or '未识别')}")
year_col.caption(f"依据：{md_escape(shown(article['year_evidence']) or '无')}")
other_copies(corpus, chosen)

with st.expander("更正标题、地区或年份"):
    locked = not edit_allowed()
    with st.form("correction"):
        st.caption("可填简称（如“上海”“舟山”）；区县名有歧义时请同时填写城市。留空表示该级无地区。")
        new_title = st.text_input("标题", value=shown(article["title"]), disabled=locked)
        c1, c2, c3, c4 = st.columns(4)
        province = c1.text_input("省份", value=shown(article["province"]), disabled=locked)
        city = c2.text_input("城市", value=shown(article["city"]), disabled=locked)
        district = c3.text_input("区县", value=shown(article["district"]), disabled=locked)
        year = c4.text_input("年份", value=shown(article["year"]), disabled=locked)
        if st.form_submit_button("保存更正", disabled=locked) and can_edit():
            before = [shown(article[c]) for c in ("province", "city", "district")]
            region_changed = [province.strip(), city.strip(), district.strip()] != before
            year_changed = year.strip() != shown(article["year"])
            title_changed = " ".join(new_title.split()) != shown(article["title"])
            try:
                if not (region_changed or year_changed or title_changed):
                    raise OverrideError("没有改动")
                save_correction(
                    article,
                    province=province if region_changed else None,
                    city=city if region_changed else None,
                    district=district if region_changed else None,
                    year=year if year_changed else None,
                    title=new_title if title_changed else None,
                )
            except OverrideError as err:
                st.error(f"未保存：{err}")
            except WRITE_ERRORS as err:
                st.error(f"未保存：{write_problem(err)}")
            else:
                what = [label for label, changed in (("标题", title_changed), ("地区", region_changed),
                                                     ("年份", year_changed)) if changed]
                flash("success", f"已保存更正（{'、'.join(what)}）：{new_title.strip() or article['title']}")
                st.rerun()

for paragraph in str(corpus.texts([article["article_id"]])["text"].iloc[0]).split("\n"):
    st.text(paragraph)
