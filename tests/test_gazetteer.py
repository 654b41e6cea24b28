import re

import pytest

from analysis.gazetteer import AmbiguousPlaceError, PlaceNameError, load_gazetteer, resolve, short_forms


@pytest.mark.parametrize(
    "name, level, full",
    [
        ("上海", "province", "上海市"),
        ("上海", "city", "上海市"),
        ("舟山", "city", "舟山市"),
        ("虹口", "district", "虹口区"),
        ("普陀区", "district", "普陀区"),
        ("广西", "province", "广西壮族自治区"),
        ("新疆", "province", "新疆维吾尔自治区"),
        ("延边", "city", "延边朝鲜族自治州"),
        ("全国", "province", "全国"),
        ("北京", "city", "北京市"),
        ("浙江省", "province", "浙江省"),
        (" 舟山市 ", "city", "舟山市"),
    ],
)
def test_short_and_full_names_resolve(name, level, full):
    assert resolve(level, name) == full


@pytest.mark.parametrize("name, count", [("普陀", 2), ("鼓楼", 4)])
def test_ambiguous_short_district_lists_candidates(name, count):
    with pytest.raises(AmbiguousPlaceError) as info:
        resolve("district", name)
    assert len(info.value.candidates) == count
    assert "有歧义" in str(info.value)


def test_an_ambiguous_name_names_each_candidate_with_its_parents():
    with pytest.raises(AmbiguousPlaceError, match="普陀") as info:
        resolve("district", "普陀")
    assert "普陀区（浙江省舟山市）" in str(info.value) and "普陀区（上海市）" in str(info.value)


def test_parent_context_disambiguates():
    assert resolve("district", "普陀", within=["舟山市"]) == "普陀区"


def test_unknown_name_is_an_error():
    with pytest.raises(PlaceNameError, match="不认识"):
        resolve("province", "火星")


def test_municipality_districts_have_the_municipality_as_city():
    places = load_gazetteer().lookup("虹口区", "district")
    assert [(p.province, p.city) for p in places] == [("上海市", "上海市")]
    assert all(p.name != "市辖区" for p in load_gazetteer().places)


def test_places_carry_coordinates():
    (zhoushan_putuo,) = [p for p in load_gazetteer().lookup("普陀区") if p.city == "舟山市"]
    assert zhoushan_putuo.adcode == "330903"
    assert 29 < zhoushan_putuo.lat < 31 and 121 < zhoushan_putuo.lon < 123


def test_short_forms_of_autonomous_names():
    assert "黔南" in short_forms("黔南布依族苗族自治州")
    assert "香港" in short_forms("香港特别行政区")


def test_a_name_outside_its_parent_is_an_error():
    with pytest.raises(PlaceNameError, match="不在江西省范围内"):
        resolve("district", "鼓楼", within=["江西省"])


@pytest.mark.parametrize("level, name", [("province", "上海"), ("city", "上海"), ("city", "舟山"),
                                         ("district", "普陀"), ("district", "火星")])
def test_filters_corrections_and_the_map_resolve_names_alike(level, name):
    from analysis.filters import FilterError, filters_from_params
    from analysis.overrides import OverrideError, make_override
    from analysis.places import province_named

    article = {"article_id": "a-0", "file": "a.txt", "title": "甲"}
    try:
        expected = resolve(level, name)
    except PlaceNameError as err:
        with pytest.raises(FilterError, match=re.escape(str(err))):
            filters_from_params({level: [name]})
        with pytest.raises(OverrideError, match=re.escape(str(err))):
            make_override(article, **{level: name})
        return
    assert getattr(filters_from_params({level: [name]}), level) == (expected,)
    assert getattr(make_override(article, **{level: name}), level) == expected
    if level == "province":
        assert province_named(name).name == expected
