"""Chart builders (ui/charts.py) on small frames: what a user would see go wrong."""
import pandas as pd
import pytest

from ui.charts import region_map


@pytest.mark.parametrize("top", [1, 3, 6, 7, 12, 24, 49, 100])
def test_map_colours_any_top_count(top):
    # 0.2 + 0.8 * 6 / 6 is 1.0000000000000002: plotly's colour sampler raised IndexError.
    from analysis.boundaries import province_outlines

    counts = pd.DataFrame({"adcode": ["330000", "310000", "110000"], "name": ["浙江省", "上海市", "北京市"],
                           "articles": [top, max(1, top // 2), 1]})
    fig = region_map(counts, province_outlines(), title="各省份文章数地图")
    fills = {trace.name: trace.fillcolor for trace in fig.data if trace.fill == "toself"}
    assert fills["浙江省"] != fills["北京市"] or top == 1


def test_years_are_categories_on_the_theme_heatmap_and_trend_lines():
    from ui.charts import theme_heatmap, trends_line

    shares = pd.DataFrame({"group": [2015, 2019, 2023], "theme": ["帮扶"] * 3, "score": [0.1, 0.5, 0.9],
                           "articles": [1, 2, 3]})
    heat = theme_heatmap(shares, group_label="年份", title="主题占比（按年份）")
    assert heat.layout.yaxis.type == "category"
    assert list(heat.data[0].y) == ["2015", "2019", "2023"]  # one labelled row per year, no gaps
    trends = pd.DataFrame({"year": [2015, 2023], "term": ["工会"] * 2, "rate_per_10k": [1.0, 2.0],
                           "count": [1, 2], "articles": [4, 5]})
    assert trends_line(trends, title="趋势").layout.xaxis.type == "category"
