"""The region's gazetteer, loaded from packaged data chosen by `config.region.adcode`.

`data/gazetteer-<adcode>.csv` (made by `scripts/make_gazetteer.py`) lists the
province, its prefecture-level divisions and every county-level division
with full name, short name, parent city and a point.  An optional
`data/places-<adcode>.yaml` says which short names are ordinary words too
and which words only look like places; `data/ocr-confusables.txt` lists the
characters OCR confuses, so that 委星区 is still read as 娄星区.  Another
province is another pair of data files, no code.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from importlib import resources

import yaml

from ..errors import ConfigError

# Characters that end a division's name; a short name followed by one of them
# is a full mention even when the printed suffix differs (祁阳县 for 祁阳市).
ADMIN_SUFFIXES = "省市州县区"


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str  # full name: 汝城县
    short: str  # as news text writes it: 汝城
    level: str  # "province", "city" or "county"
    city: str  # short name of the prefecture-level city; "" for the province
    city_adcode: str
    lon: float | None = None
    lat: float | None = None


@dataclass(frozen=True)
class Surface:
    """One way a division can be written, and how far to trust it."""

    text: str
    adcode: str
    kind: str  # "full", "short", "alias" or "ocr"
    ambiguous: bool = False


@dataclass(eq=False)  # compared and hashed by identity: one object per loaded file
class Gazetteer:
    adcode: str
    divisions: dict[str, Division]
    surfaces: dict[str, Surface] = field(default_factory=dict)
    not_places: tuple[str, ...] = ()

    @property
    def province(self) -> Division:
        return self.divisions[self.adcode]

    @property
    def cities(self) -> list[Division]:
        return [d for d in self.divisions.values() if d.level == "city"]

    @property
    def counties(self) -> list[Division]:
        return [d for d in self.divisions.values() if d.level == "county"]

    def city_of(self, adcode: str) -> Division:
        return self.divisions[self.divisions[adcode].city_adcode]

    def lookup(self, text: str) -> Division | None:
        """The division a name stands for (full, short or alias), or None."""
        surface = self.surfaces.get(text)
        return self.divisions[surface.adcode] if surface else None


def _data_text(name: str) -> str | None:
    try:
        return resources.files("newsarchive").joinpath("data", name).read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None


@functools.lru_cache(maxsize=8)
def load_gazetteer(adcode: str) -> Gazetteer:
    """The gazetteer of the province `adcode`; a ConfigError names the missing data file."""
    text = _data_text(f"gazetteer-{adcode}.csv")
    if text is None:
        raise ConfigError(
            f"site.yaml: region: no gazetteer for adcode {adcode}: expected newsarchive/data/gazetteer-{adcode}.csv "
            f"(make it with: python scripts/make_gazetteer.py {adcode})"
        )
    divisions = parse_divisions(text)
    if adcode not in divisions:
        raise ConfigError(f"gazetteer-{adcode}.csv: no row for the province {adcode} itself")
    notes = yaml.safe_load(_data_text(f"places-{adcode}.yaml") or "") or {}
    confusables = [line.strip() for line in (_data_text("ocr-confusables.txt") or "").splitlines()]
    confusables = [g for g in confusables if g and not g.startswith("#")]
    return build_gazetteer(adcode, divisions, notes, confusables)


def parse_divisions(text: str) -> dict[str, Division]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out: dict[str, Division] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        out[row["adcode"]] = Division(
            adcode=row["adcode"],
            name=row["name"],
            short=row["short"] or row["name"],
            level=row["level"],
            city=row["city"],
            city_adcode=row["city_adcode"],
            lon=float(row["lon"]) if row.get("lon") else None,
            lat=float(row["lat"]) if row.get("lat") else None,
        )
    return out


def build_gazetteer(adcode: str, divisions: dict[str, Division], notes: dict, confusables: list[str]) -> Gazetteer:
    ambiguous = set(notes.get("ambiguous") or ())
    surfaces: dict[str, Surface] = {}

    def add(text: str, code: str, kind: str, is_ambiguous: bool = False) -> None:
        if text and text not in surfaces:
            surfaces[text] = Surface(text, code, kind, is_ambiguous)

    places = [d for d in divisions.values() if d.level != "province"]
    for d in places:
        add(d.name, d.adcode, "full")
    for code, names in (notes.get("aliases") or {}).items():
        for name in names:
            add(str(name), str(code), "alias")
    for d in places:
        add(d.short, d.adcode, "short", d.short in ambiguous)
    # Misprints of full names: one character swapped for a look-alike.
    groups = {ch: group for group in confusables for ch in group}
    for d in places:
        stem = d.name[:-1] if d.name[-1] in ADMIN_SUFFIXES else d.name
        for i, ch in enumerate(stem):
            for other in groups.get(ch, ""):
                if other != ch:
                    add(d.name[:i] + other + d.name[i + 1 :], d.adcode, "ocr")
    return Gazetteer(adcode, divisions, surfaces, tuple(str(w) for w in notes.get("not_places") or ()))
