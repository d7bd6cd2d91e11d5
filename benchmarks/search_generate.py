"""Write a deterministic archive of generated newspaper pages for benchmarks.

    python benchmarks/search_generate.py OUT_DIR [--pages 2000] [--seed 7]

Each page holds three to six articles laid out as the demo pages are (kicker
ending in ——, headline, author, paragraphs separated by blank lines).  The
text recombines the demo seeds: paragraphs are rebuilt from sentences drawn
across all demo articles, with place names swapped for others of the
province's gazetteer and numbers redrawn, so the vocabulary grows with the
archive instead of repeating 26 articles.  The same arguments always give
the same files (`random.Random(seed)`, sorted inputs).

The pages parse with the project's parser like any seed; the search
benchmark (`benchmarks/search_compare.py`) and the build benchmarks can
share them.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsarchive.config import load_config  # noqa: E402
from newsarchive.parse import parse_page  # noqa: E402
from newsarchive.pipeline import enrich  # noqa: E402

SENTENCE = re.compile(r"[^。！？]+[。！？]”?")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def demo_material(seeds: Path) -> dict[str, list[str]]:
    """Sentences, titles, kickers and authors of the demo seeds, as parsed."""
    config = load_config(ROOT / "site.yaml")
    pages = enrich([parse_page(p.read_bytes(), p.name) for p in sorted(seeds.glob("*.txt"))], config)
    sentences, titles, kickers, authors = [], [], [], []
    for page in pages:
        for a in page.articles:
            titles.append(a.title)
            if a.kicker:
                kickers.append(a.kicker)
            authors.extend(a.authors)
            for block in a.body:
                if block.kind == "paragraph":
                    sentences.extend(s for s in SENTENCE.findall(block.text) if len(s) >= 8)
    return {"sentences": sentences, "titles": titles, "kickers": kickers, "authors": sorted(set(authors)) or ["本报记者"]}


def place_names() -> list[str]:
    path = ROOT / "src" / "newsarchive" / "data" / "gazetteer-430000.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    names = {row.get("short") or row.get("name") for row in rows}
    return sorted(n for n in names if n and len(n) >= 2)


class Writer:
    def __init__(self, material: dict[str, list[str]], places: list[str], seed: int):
        self.m = material
        self.places = places
        self.rnd = random.Random(seed)
        self.swap = re.compile("|".join(sorted(map(re.escape, places), key=len, reverse=True))) if places else None

    def vary(self, text: str) -> str:
        rnd = self.rnd
        if self.swap:
            text = self.swap.sub(lambda m: rnd.choice(self.places) if rnd.random() < 0.7 else m.group(), text)
        return NUMBER.sub(lambda m: str(rnd.randint(2, 999)) if rnd.random() < 0.6 else m.group(), text)

    def paragraph(self) -> str:
        return "".join(self.vary(self.rnd.choice(self.m["sentences"])) for _ in range(self.rnd.randint(2, 5)))

    def title(self) -> str:
        rnd = self.rnd
        a, b = rnd.choice(self.m["titles"]), rnd.choice(self.m["titles"])
        head = re.split(r"[ ，：]", a)[0][:10]
        tail = re.split(r"[ ，：]", b)[-1][:10]
        return self.vary(head if head == tail else f"{head} {tail}")

    def article(self) -> list[str]:
        rnd = self.rnd
        lines = []
        if rnd.random() < 0.5 and self.m["kickers"]:
            lines += [self.vary(rnd.choice(self.m["kickers"]).rstrip("—") + "——"), ""]
        lines += [self.title(), "", rnd.choice(self.m["authors"]), "", "", ""]
        for _ in range(rnd.randint(3, 10)):
            lines += [self.paragraph(), ""]
        return lines

    def page(self) -> str:
        lines = [""]
        for _ in range(self.rnd.randint(3, 6)):
            lines += self.article() + ["", ""]
        return "\n".join(lines) + "\n"


def generate(out: Path, pages: int, seed: int = 7, seeds: Path = ROOT / "seeds") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    writer = Writer(demo_material(seeds), place_names(), seed)
    paths = []
    for i in range(pages):
        path = out / f"{i:05d}_gen.txt"
        path.write_text(writer.page(), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.out, args.pages, args.seed)
    print(f"{len(paths)} pages, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
