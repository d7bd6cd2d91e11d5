"""Coordinates of the region's cities and counties, for the map.

They come from the gazetteer the enrichment stage uses
(`newsarchive.enrich.gazetteer`, ``data/gazetteer-<adcode>.csv``).  The site
only needs names, levels and points; where the gazetteer is missing or has
no coordinates the map is left out and the rest of the site is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NewsarchiveError


@dataclass(frozen=True)
class GeoPoint:
    name: str  # full name: 郴州市, 汝城县
    short: str  # short form used by records: 郴州, 汝城
    adcode: str
    level: str  # "province", "city" or "county"
    city: str  # short name of the prefecture-level city it belongs to
    lon: float
    lat: float


def load_points(region_adcode: str) -> list[GeoPoint]:
    """Every division of the region that has a point, or ``[]`` when there is no gazetteer."""
    try:
        from ..enrich.gazetteer import load_gazetteer

        gazetteer = load_gazetteer(region_adcode)
    except (ImportError, NewsarchiveError, OSError):
        return []
    points = [
        GeoPoint(d.name, d.short, d.adcode, d.level, d.city, d.lon, d.lat)
        for d in gazetteer.divisions.values()
        if d.lon is not None and d.lat is not None
    ]
    return sorted(points, key=lambda p: p.adcode)
