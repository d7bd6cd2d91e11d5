"""Inline SVG drawn at build time: the region map and infographic charts.

Every string that comes from a seed is escaped here, because the SVG is
inserted into pages as markup.  Colours come from CSS classes, so the
charts follow the page's light, dark and print styles.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape

from .geo import GeoPoint

_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)*)\s*(.*)$")
_RATIO = re.compile(r"^\s*\d+(?:\.\d+)?(?:\s*[:：]\s*\d+(?:\.\d+)?)+\s*$")

# Names of the parts of a ratio, where the series label tells what they are.
RATIO_PARTS = {"三次产业": ("第一产业", "第二产业", "第三产业")}


def text_width(text: str, size: float = 14) -> float:
    """Rough width of `text` in px, erring wide: CJK and full-width characters are square, others about 0.7 em."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.7 for ch in text)


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- charts


@dataclass
class Point:
    year: str
    text: str  # value as printed, with its unit
    number: float | None
    parts: tuple[float, ...] = ()  # for ratios like 9.5:40.8:49.7


@dataclass
class Series:
    label: str
    points: list[Point]
    kind: str  # "bars", "ratio" or "text"

    @property
    def change(self) -> str:
        """Growth from the first to the last point, e.g. ``+25.3%``."""
        nums = [p.number for p in self.points if p.number is not None]
        if self.kind != "bars" or len(nums) < 2 or nums[0] == 0:
            return ""
        pct = (nums[-1] - nums[0]) / abs(nums[0]) * 100
        return f"{'+' if pct >= 0 else '−'}{_fmt(abs(pct))}%"


def series_from_rows(rows: list[dict]) -> list[Series]:
    """Group infographic rows ``{label, year, value, unit}`` into one series per label, in printed order."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(str(row.get("label") or ""), []).append(row)
    out = []
    for label, items in grouped.items():
        points = []
        for row in items:
            value = str(row.get("value") if row.get("value") is not None else "").strip()
            unit = str(row.get("unit") or "").strip()
            year = str(row.get("year") or "").strip()
            if _RATIO.match(value):
                parts = tuple(float(x) for x in re.split(r"\s*[:：]\s*", value.strip()))
                points.append(Point(year, value, None, parts))
                continue
            m = _NUMBER.match(value)
            number = float(m.group(1).replace(",", "")) if m else None
            if m and not unit:
                unit = m.group(2).strip()
                value = m.group(1)
            points.append(Point(year, f"{value}{unit}", number))
        if points and all(p.parts for p in points):
            kind = "ratio"
        elif points and all(p.number is not None for p in points):
            kind = "bars"
        else:
            kind = "text"
        out.append(Series(label, points, kind))
    return out


def chart_svg(series: Series) -> Markup:
    """One series as a small horizontal bar chart (or 100% stacked bars for ratios)."""
    if series.kind == "ratio":
        return _ratio_svg(series)
    if series.kind != "bars":
        return Markup("")
    width, row_h, gap = 320, 26, 10
    left = 12 + max(text_width(p.year) for p in series.points)
    right = min(width / 2, 16 + max(text_width(p.text) for p in series.points))
    height = len(series.points) * (row_h + gap) + gap
    top = max(p.number for p in series.points) or 1.0
    summary = "；".join(f"{p.year} {p.text}" for p in series.points)
    out = [_svg_open(width, height, f"{series.label}：{summary}")]
    for i, p in enumerate(series.points):
        y = gap + i * (row_h + gap)
        w = max(2.0, (width - left - right) * max(p.number, 0) / top)
        cls = "bar bar-last" if i == len(series.points) - 1 else "bar"
        out.append(f'<text class="axis" x="{left - 8:.1f}" y="{y + row_h * 0.7:.1f}" text-anchor="end">{escape(p.year)}</text>')
        out.append(f'<rect class="{cls}" x="{left:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" rx="3"/>')
        out.append(f'<text class="value" x="{left + w + 6:.1f}" y="{y + row_h * 0.7:.1f}">{escape(p.text)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _ratio_svg(series: Series) -> Markup:
    n = max(len(p.parts) for p in series.points)
    names = next((v for k, v in RATIO_PARTS.items() if k in series.label), None) or tuple(f"第{i + 1}部分" for i in range(n))
    width, row_h, gap = 320, 26, 10
    left = 12 + max(text_width(p.year) for p in series.points)
    legend_h = 24
    height = legend_h + len(series.points) * (row_h + gap) + gap
    span = width - left - 4
    summary = "；".join(f"{p.year} {p.text}" for p in series.points)
    out = [_svg_open(width, height, f"{series.label}（{'：'.join(names[:n])}）：{summary}")]
    x = 4.0
    for i in range(n):
        label = names[i] if i < len(names) else f"第{i + 1}部分"
        out.append(f'<rect class="seg seg-{i % 4}" x="{x:.1f}" y="6" width="12" height="12" rx="2"/>')
        out.append(f'<text class="axis" x="{x + 16:.1f}" y="17">{escape(label)}</text>')
        x += 16 + text_width(label) + 14
    for i, p in enumerate(series.points):
        y = legend_h + gap + i * (row_h + gap)
        total = sum(p.parts) or 1.0
        out.append(f'<text class="axis" x="{left - 8:.1f}" y="{y + row_h * 0.7:.1f}" text-anchor="end">{escape(p.year)}</text>')
        x = float(left)
        for j, part in enumerate(p.parts):
            w = span * part / total
            out.append(f'<rect class="seg seg-{j % 4}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}"/>')
            if w > 30:
                out.append(f'<text class="seg-label" x="{x + w / 2:.1f}" y="{y + row_h * 0.7:.1f}" text-anchor="middle">{_fmt(part)}</text>')
            x += w
    out.append("</svg>")
    return Markup("".join(out))


def _svg_open(width: int, height: float, label: str) -> str:
    return (
        f'<svg class="chart-svg" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    )


# ---------------------------------------------------------------- map


@dataclass
class MapCity:
    name: str
    count: int
    url: str | None


def map_svg(
    points: list[GeoPoint],
    cities: list[MapCity],
    link: Callable[[str], str],
    title: str,
) -> Markup:
    """A map of the region: its county points as a silhouette, its cities sized by article count.

    Returns empty markup when the gazetteer gives no city coordinates.
    """
    seats = {p.short: p for p in points if p.level == "city"}
    if not seats:
        return Markup("")
    all_pts = [p for p in points if p.level in ("city", "county")]
    lons = [p.lon for p in all_pts]
    lats = [p.lat for p in all_pts]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(mid_lat))
    pad, width = 36, 480
    span_x = (max(lons) - min(lons)) * kx or 1.0
    span_y = (max(lats) - min(lats)) or 1.0
    scale = (width - 2 * pad) / span_x
    height = span_y * scale + 2 * pad

    def xy(p: GeoPoint) -> tuple[float, float]:
        return pad + (p.lon - min(lons)) * kx * scale, pad + (max(lats) - p.lat) * scale

    counts = {c.name: c for c in cities}
    out = [
        f'<svg class="map-svg" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'role="img" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="map-title">{escape(title)}</title>',
    ]
    hull = _expand(_convex_hull([xy(p) for p in all_pts]), 18)
    if len(hull) >= 3:
        out.append(f'<path class="land" d="{_smooth_path(hull)}"/>')
    for p in all_pts:
        if p.level == "county":
            x, y = xy(p)
            out.append(f'<circle class="county" cx="{x:.1f}" cy="{y:.1f}" r="1.6"/>')
    top = max((c.count for c in cities), default=1) or 1

    def count(p: GeoPoint) -> int:
        return counts[p.short].count if p.short in counts else 0

    def radius(n: int) -> float:
        return 4 + 8 * math.sqrt(n / top) if n else 3.5

    # Busiest cities first, so their labels get the best places.
    order = sorted(seats.values(), key=lambda p: (-count(p), p.adcode))
    placed = []
    for p in order:
        x, y = xy(p)
        r = radius(count(p))
        placed.append((x - r, y - r, x + r, y + r))
    labels = []
    for p in order:
        x, y = xy(p)
        n = count(p)
        text = f"{p.short} {n}" if n else p.short
        box, anchor, tx, ty = _place_label(x, y, radius(n), text, placed, width, height)
        placed.append(box)
        labels.append((p, counts.get(p.short), n, radius(n), x, y, text, anchor, tx, ty))
    for p, city, n, r, x, y, text, anchor, tx, ty in labels:
        mark = (
            f'<circle class="{"city has" if n else "city"}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
            f'<text class="{"label has" if n else "label"}" x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{escape(text)}</text>'
        )
        if n and city and city.url:
            out.append(
                f'<a href="{escape(link(city.url))}"><title>{escape(p.short)}：{n} 篇文章</title>{mark}</a>'
            )
        else:
            out.append(f"<g>{mark}</g>")
    out.append("</svg>")
    return Markup("".join(out))


def _place_label(x, y, r, text, placed, width, height):
    """The label position around a point that overlaps least with the circles and labels drawn so far."""
    w, h = text_width(text, 15), 15
    d = r * 0.72
    options = [
        ("start", x + r + 3, y + 5.5),
        ("end", x - r - 3, y + 5.5),
        ("middle", x, y - r - 4),
        ("middle", x, y + r + 15),
        ("start", x + d + 2, y - d - 2),
        ("end", x - d - 2, y - d - 2),
        ("start", x + d + 2, y + d + 13),
        ("end", x - d - 2, y + d + 13),
    ]
    best = None
    for rank, (anchor, tx, ty) in enumerate(options):
        x0 = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
        box = (x0, ty - 12, x0 + w, ty + 3)
        if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
            continue
        cost = sum(_overlap_area(box, b) for b in placed)
        if best is None or cost < best[0]:
            best = (cost, box, anchor, tx, ty)
        if cost == 0:
            break
    if best is None:
        return (x, y, x, y), "start", x + r + 3, y + 5
    return best[1:]


def _overlap_area(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _convex_hull(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    pts = sorted(set(pts))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _expand(poly, by: float):
    if len(poly) < 3:
        return poly
    cx = sum(p[0] for p in poly) / len(poly)
    cy = sum(p[1] for p in poly) / len(poly)
    out = []
    for x, y in poly:
        d = math.hypot(x - cx, y - cy) or 1.0
        out.append((x + (x - cx) / d * by, y + (y - cy) / d * by))
    return out


def _smooth_path(poly) -> str:
    """A closed curve through the midpoints of the polygon's edges, with the vertices as control points."""
    mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(poly, poly[1:] + poly[:1])]
    d = [f"M{mids[-1][0]:.1f},{mids[-1][1]:.1f}"]
    for vertex, mid in zip(poly, mids):
        d.append(f"Q{vertex[0]:.1f},{vertex[1]:.1f} {mid[0]:.1f},{mid[1]:.1f}")
    return "".join(d) + "Z"
