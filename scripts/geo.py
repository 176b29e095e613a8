"""Boundary shapes for the map page: vendored TopoJSON turned into SVG paths on the server.

The map is drawn server-side so that it needs no JavaScript library and no request beyond this site. The
TopoJSON decoder is a few lines (delta-decoding quantized arcs); the PyPI `topojson` package builds TopoJSON
rather than reading it and pulls in shapely and numpy, so it is not used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
WORLD = VENDOR / "world-atlas" / "countries-110m.json"  # Natural Earth 1:110m, lon/lat
US_STATES = VENDOR / "us-atlas" / "states-albers-10m.json"  # US Census, already projected to a 975x610 box

# The world map's window, from the Arctic coasts to Tierra del Fuego; Antarctica (no law of its own here) is left out.
WORLD_WIDTH, WORLD_TOP, WORLD_BOTTOM = 960.0, 84.0, -56.0
ANTARCTICA = "010"
WORLD_SCALE = WORLD_WIDTH / 360.0


@dataclass(frozen=True)
class Shape:
    jurisdiction_id: str
    name: str
    path: str  # SVG path data


@dataclass(frozen=True)
class Map:
    id: str
    title: str
    width: float
    height: float
    shapes: tuple[Shape, ...]


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc (TopoJSON stores quantized deltas when a transform is given)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]  # a negative index is the arc reversed
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their joining point
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring that crosses the antimeridian (Russia, Fiji) continuous instead of striking across the map;
    the part beyond the edge is clipped by the SVG viewBox."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in points:
        if out:
            previous = out[-1][0] - shift
            if lon - previous > 180:
                shift -= 360
            elif previous - lon > 180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def svg_path(geometry: dict, arcs, project, lonlat: bool = False) -> str:
    parts = []
    for polygon in polygons(geometry):
        for ring in polygon:
            raw = ring_points(ring, arcs)
            points = [project(x, y) for x, y in (unwrap(raw) if lonlat else raw)]
            if len(points) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def world_project(lon: float, lat: float) -> tuple[float, float]:
    # Equirectangular: honest areas are not the point here, recognisable places are.
    return (lon + 180.0) * WORLD_SCALE, (WORLD_TOP - lat) * WORLD_SCALE


def world_id(numeric: str | None) -> str | None:
    """world-atlas keys countries by ISO 3166-1 numeric code; our ids are lowercase alpha-2."""
    if not numeric:
        return None
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_2.lower() if country else None


def us_state_id(name: str) -> str | None:
    for subdivision in pycountry.subdivisions.get(country_code="US"):
        if subdivision.name == name:
            return subdivision.code.lower()
    return None


def read_shapes(path: Path, layer: str, id_of, project, lonlat: bool = False, skip=frozenset()) -> tuple[Shape, ...]:
    """Every geometry of one TopoJSON layer as an SVG path, with our jurisdiction id ('' where there is none:
    drawn, not linked)."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    return tuple(
        Shape(id_of(g) or "", g["properties"]["name"], svg_path(g, arcs, project, lonlat))
        for g in topology["objects"][layer]["geometries"]
        if g.get("id") not in skip
    )


@lru_cache(maxsize=None)
def world_map() -> Map:
    # A disputed area with no ISO code (Kosovo, N. Cyprus, Somaliland) has no id: drawn, not linked.
    shapes = read_shapes(WORLD, "countries", lambda g: world_id(g.get("id")), world_project, lonlat=True,
                         skip={ANTARCTICA})
    height = (WORLD_TOP - WORLD_BOTTOM) * WORLD_SCALE
    return Map("world", "Countries", WORLD_WIDTH, round(height, 1), shapes)


@lru_cache(maxsize=None)
def us_map() -> Map:
    shapes = read_shapes(US_STATES, "states", lambda g: us_state_id(g["properties"]["name"]), lambda x, y: (x, y))
    return Map("us", "US states", 975.0, 610.0, shapes)


MAPS = {"world": world_map, "us": us_map}
