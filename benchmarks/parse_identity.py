"""Check that parsing and enrichment give the same records as a reference run.

    python benchmarks/parse_identity.py dump REF.pickle [SEEDS_DIR ...]
    python benchmarks/parse_identity.py check REF.pickle [SEEDS_DIR ...]

For every page file of the seed folders (default: `seeds/`), as
`pipeline.process_seed` does: read the sidecar, `parse_page`, then
`enrich_pages` with `site.yaml`'s config and `search.analysis.page_words`.
Kept per page: every field of the parsed page and of the enriched page
(articles with `topic_reasons` and lines, blocks with roles, rules and lines,
fragments, warnings), the exports' `to_json()` shapes, the search words, and
whether enrichment left its input as it was.  `check` reports the first
difference per page and exits 1 when any page differs.
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import sys
from pathlib import Path

from newsarchive.config import load_config
from newsarchive.enrich import enrich_pages
from newsarchive.parse import parse_page
from newsarchive.search.analysis import page_words
from newsarchive.sidecar import read_sidecar, sidecar_path

ROOT = Path(__file__).resolve().parent.parent


def page_record(path: Path, config) -> dict:
    side_path = sidecar_path(path)
    side = read_sidecar(side_path.read_bytes(), side_path.name) if side_path.is_file() else {}
    parsed = parse_page(path.read_bytes(), path.name, sidecar=side)
    before = dataclasses.asdict(parsed)
    page = enrich_pages([parsed], config)[0]
    return {
        "parsed": before,
        "input_untouched": dataclasses.asdict(parsed) == before,
        "enriched": dataclasses.asdict(page),
        "page_json": page.to_json(),
        "articles_json": [a.to_json() for a in page.articles],
        "search_words": page_words(page),
    }


def records(dirs: list[Path]) -> dict[str, dict]:
    config = load_config(ROOT / "site.yaml")
    out = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.txt")):
            out[f"{folder.name}/{path.name}"] = page_record(path, config)
    return out


def first_difference(a, b, where: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{where}: type {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{where}: keys {list(a)[:8]} != {list(b)[:8]}"
        for k in a:
            if (d := first_difference(a[k], b[k], f"{where}.{k}")):
                return d
        return None
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{where}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if (d := first_difference(x, y, f"{where}[{i}]")):
                return d
        return None
    return None if a == b else f"{where}: {a!r:.120} != {b!r:.120}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("dump", "check"))
    parser.add_argument("ref", type=Path)
    parser.add_argument("dirs", type=Path, nargs="*", default=[ROOT / "seeds"])
    args = parser.parse_args()
    got = records(args.dirs)
    if args.mode == "dump":
        args.ref.write_bytes(pickle.dumps(got))
        print(f"{len(got)} pages dumped to {args.ref}")
        return
    want = pickle.loads(args.ref.read_bytes())
    bad = 0
    if list(got) != list(want):
        print(f"page lists differ: {len(got)} pages now, {len(want)} in the reference")
        bad += 1
    for name in want.keys() & got.keys():
        if (diff := first_difference(want[name], got[name], name)):
            bad += 1
            print(diff)
        elif not got[name]["input_untouched"]:
            bad += 1
            print(f"{name}: enrichment changed its input")
    print(f"{len(got)} pages checked, {bad} differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
