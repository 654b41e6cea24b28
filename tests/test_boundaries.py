"""Map outlines: every province-level region, cities within a province, districts within a
municipality; closed rings; cached on disk and rebuilt when the cache is damaged."""
from analysis import boundaries


def test_every_province_level_region_has_a_closed_outline(tmp_path):
    outlines = boundaries.province_outlines(cache_dir=tmp_path)  # the bundled outlines
    assert len(outlines) == 34 and {"110000", "310000", "650000", "710000", "810000", "820000"} <= set(outlines)
    for outline in outlines.values():
        assert outline.rings
        for xs, ys in outline.rings:
            assert len(xs) == len(ys) >= 4 and (xs[0], ys[0]) == (xs[-1], ys[-1])
            assert all(73 < x < 136 for x in xs) and all(3 < y < 54 for y in ys)


def test_the_bundled_province_outlines_are_those_the_installed_data_gives():
    assert boundaries._read_cached("provinces", boundaries.BUNDLED_DIR) == boundaries._build("provinces")


def test_cities_within_a_province_and_districts_within_a_municipality():
    zhejiang = boundaries.child_outlines("330000")
    assert len(zhejiang) == 11 and "330900" in zhejiang  # 舟山
    shanghai = boundaries.child_outlines("310000")
    assert len(shanghai) == 16 and {"310107", "310109"} <= set(shanghai)  # 普陀区, 虹口区


def test_a_damaged_cache_file_is_rebuilt_not_shown(tmp_path):
    first = boundaries.child_outlines("330000", cache_dir=tmp_path)
    cached = next(tmp_path.glob("boundaries-*-children-33.json"))
    cached.write_text("{not json", encoding="utf-8")
    assert boundaries.child_outlines("330000", cache_dir=tmp_path) == first
    import json

    assert len(json.loads(cached.read_text(encoding="utf-8"))) == 11  # written anew


def test_the_maritime_boundary_reaches_the_south_china_sea():
    lines = boundaries.maritime_lines()
    assert lines and min(min(ys) for _, ys in lines) < 5
