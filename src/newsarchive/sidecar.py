"""Seed sidecars: `seeds/<name>.yaml` gives what the page text does not.

Keys: `date` (YYYY, YYYY-MM or YYYY-MM-DD), `publication`, `page`,
`fixes` (a mapping of misprinted text to its correction, applied before
parsing), and `titles` (a mapping of article order to a title, for articles
the page prints without one).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import InputError

SIDECAR_KEYS = {
    "date": "publication date: YYYY, YYYY-MM or YYYY-MM-DD",
    "publication": "newspaper name",
    "page": "page number or label",
    "fixes": "mapping of misprinted text to its correction",
    "titles": "mapping of article order (1, 2, …) to a title",
}

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def sidecar_path(seed: Path) -> Path:
    return seed.with_suffix(".yaml")


def load_sidecar(seed: Path) -> dict:
    """The validated sidecar of `seed`, or {} when there is none."""
    path = sidecar_path(seed)
    if not path.exists():
        return {}
    return read_sidecar(path.read_bytes(), path.name)


def read_sidecar(data: bytes, name: str) -> dict:
    """The validated sidecar in `data` (the bytes of the file `name`)."""
    try:
        parsed = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{name}: invalid sidecar: {str(exc).splitlines()[0]}") from None
    return validate_sidecar(parsed, name)


def validate_sidecar(data: object, name: str) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{name}: invalid sidecar: expected a mapping of keys to values")
    out: dict = {}
    for key, value in data.items():
        if key not in SIDECAR_KEYS:
            known = ", ".join(SIDECAR_KEYS)
            raise InputError(f"{name}: invalid sidecar: unknown key {key!r} (known: {known})")
        if key == "date":
            value = str(value)
            if not _DATE.match(value):
                raise InputError(f"{name}: invalid sidecar: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        elif key in ("publication", "page"):
            value = str(value)
        elif key == "fixes":
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                raise InputError(f"{name}: invalid sidecar: fixes must map text to text")
        elif key == "titles":
            if not isinstance(value, dict) or not all(isinstance(k, int) and isinstance(v, str) for k, v in value.items()):
                raise InputError(f"{name}: invalid sidecar: titles must map article numbers to titles")
        out[key] = value
    return out
