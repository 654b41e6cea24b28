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
