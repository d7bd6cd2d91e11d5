"""A deterministic archive of N page files resembling the seeds, for benchmarks.

    python benchmarks/corpus.py N OUT_DIR [--seed 0]

or, from Python, ``generate(n, out_dir, seed=0)``.  Page `i` depends only on
`seed`, `i` and the pages before it, so the first N pages of a bigger corpus are
the corpus of N pages (the benchmark adds "one more page" as page N).

Every page is made from the seeds' own text, reparsed into articles once
(`material`):

- nine pages in ten are composed: three to eight articles drawn from all the
  seeds (shuffled between pages), each varied: paragraphs swapped, trimmed,
  sometimes a paragraph borrowed from another article or printed twice;
  numbers redrawn (same number of digits, years kept); city and county names
  swapped for other divisions of the province (same length, counties follow
  their city); bylines given reporters from a pool of surname + given name
  with a few prolific ones; titles recombined from the halves of two heads.
  The page is printed in one of the seeds' layouts: one paragraph a line
  (000–002), or hard-wrapped columns of 13–24 characters with letter-spaced
  numbers (003–004); heads on top (kicker——, title, ——subtitle, byline,
  captions), after their bodies, or in a headline list at the page end;
  bylines printed as `湖南日报全媒体记者 … 通讯员 …`, `■本报记者 …`, `文/图 …`,
  a dateline `本报讯（记者 …）` or a trailing attribution `（… …）`; now and then
  an ad or an infographic from the seeds, a jump line, indented paragraphs,
  a justified (letter-spaced) line;
- one page in ten is a whole seed page with its numbers, places and bylines
  redrawn, every other artifact (interleaving, headline lists, duplicates)
  kept as printed.

Each page gets a sidecar with a date (eight pages a day from 2021-01-01), a
publication and a page number.  No two pages have the same text once
whitespace is removed, so no two share parsed output (the parser keeps every
character).  The corpus's vocabulary is the seeds': a real archive's term
dictionary is larger, its posting lists shorter.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import hashlib
import io
import random
import re
import sys
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
START_DATE = dt.date(2021, 1, 1)
PAGES_PER_DAY = 8
PUBLICATIONS = ("湖南日报", "郴州日报", "娄底日报", "永州日报")
SEED_VARIANT_SHARE = 0.1


# ---------------------------------------------------------------- material from the seeds


@dataclass
class Story:
    """An article of a seed, as the parts a page prints."""

    title: str | None  # None: printed without a head (the parser generates one)
    kicker: str | None = None
    subtitle: str | None = None
    column: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)


@dataclass
class Material:
    stories: list[Story]
    pages: list[tuple[str, str, list[str]]]  # seed name, raw text, authors on it
    extras: list[str]  # ads and infographics, as printed
    given_names: list[str]
    surnames: list[str]
    cities: dict[str, dict]  # short name → {"full", "counties"}
    county_city: dict[str, str]  # full county name → its city's short name
    title_halves: list[str]


@functools.lru_cache(maxsize=4)
def material(seeds_dir: Path = SEEDS) -> Material:
    """The seeds parsed into stories, plus the name pools the variations draw from."""
    from newsarchive.decode import decode
    from newsarchive.parse import parse_page

    stories: list[Story] = []
    pages: list[tuple[str, str, list[str]]] = []
    extras: list[str] = []
    authors: set[str] = set()
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        data = path.read_bytes()
        text, _ = decode(data, path.name)
        page = parse_page(data, path.name)
        names: list[str] = []
        for a in page.articles:
            names += [n for n in a.authors if n not in names]
            stories.append(Story(
                title=None if a.title_source == "generated" else a.title,
                kicker=a.kicker, subtitle=a.subtitle, column=a.column,
                byline=a.byline, authors=list(a.authors), labels=list(a.labels),
                captions=list(a.captions), body=[(b.kind, b.text) for b in a.body]))
        authors.update(names)
        pages.append((path.name, text, names))
        extras += [f.text for f in page.fragments if f.kind in ("ad", "infographic")]
    surnames = _surnames()
    given = sorted({n[1:] for n in authors if len(n) in (2, 3) and n[0] in surnames})
    halves = sorted({h for s in stories if s.title for h in _halves(s.title)[1:]})
    cities, county_city = _gazetteer()
    return Material(stories, pages, extras, given, sorted(surnames), cities, county_city, halves)


def _surnames() -> set[str]:
    text = resources.files("newsarchive").joinpath("data", "surnames.txt").read_text(encoding="utf-8")
    return {c for line in text.splitlines() if not line.startswith("#") for c in line.split() if len(c) == 1}


def _gazetteer() -> tuple[dict[str, dict], dict[str, str]]:
    text = resources.files("newsarchive").joinpath("data", "gazetteer-430000.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#")))))
    cities = {r["short"]: {"full": r["name"], "counties": []} for r in rows if r["level"] == "city"}
    county_city = {}
    for r in rows:
        if r["level"] not in ("city", "province") and r["city"] in cities and len(r["name"]) >= 3:
            cities[r["city"]]["counties"].append(r["name"])
            county_city[r["name"]] = r["city"]
    return cities, county_city


def _halves(title: str) -> list[str]:
    """A two-part head split at its break (`保障金融权益 助力美好生活`), else []."""
    for sep in (" ", "，"):
        head, _, tail = title.partition(sep)
        if tail and 3 <= len(head) <= 14 and 3 <= len(tail) <= 14 and sep not in tail:
            return [head + sep, tail]
    return []


# ---------------------------------------------------------------- variations


class Variation:
    """One page's random choices of numbers, places and people."""

    def __init__(self, rng: random.Random, mat: Material):
        self.rng, self.mat = rng, mat
        self.places: dict[str, str] = {}
        self.people: dict[str, str] = {}

    # numbers: same digit count, years and list numbers kept
    _NUMBER = re.compile(r"\d+(?:\.\d+)?")

    def numbers(self, text: str, share: float = 0.7) -> str:
        def redraw(m: re.Match) -> str:
            s = m.group()
            if (len(s) == 4 and s[:2] in ("19", "20")) or self.rng.random() > share:
                return s
            unit = text[m.end():m.end() + 2].lstrip()[:1]
            if unit in ("月", "日") and len(s) <= 2:  # a date stays a date
                high = 12 if unit == "月" else 28
                return str(self.rng.randint(1, 9) if len(s) == 1 else self.rng.randint(10, high))
            return "".join(self._digit(c, i == 0 and len(s) > 1) if c.isdigit() else c for i, c in enumerate(s))

        return self._NUMBER.sub(redraw, text)

    def _digit(self, old: str, leading: bool) -> str:
        return str(self.rng.randint(1, 9)) if leading and old != "0" else str(self.rng.randint(0, 9))

    # places: cities to cities of the same length, their counties to the new city's counties
    @functools.cached_property
    def _place_pattern(self) -> re.Pattern:
        names = [c["full"] for c in self.mat.cities.values()] + list(self.mat.cities) + list(self.mat.county_city)
        return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))

    def places_in(self, text: str) -> str:
        return self._place_pattern.sub(lambda m: self._place(m.group()), text)

    def _place(self, name: str) -> str:
        if name in self.places:
            return self.places[name]
        cities = self.mat.cities
        short = next((s for s, c in cities.items() if c["full"] == name), name if name in cities else None)
        if short is not None:
            new = self._city(short)
            self.places[name] = new if name == short else cities[new]["full"]
            if len(self.places[name]) != len(name):
                self.places[name] = name
        else:  # a county: one of the new city's counties, of the same length
            old_city = self.mat.county_city[name]
            pool = [c for c in cities[self._city(old_city)]["counties"] if len(c) == len(name)]
            pool = pool or [c for c in self.mat.county_city if len(c) == len(name)]
            self.places[name] = self.rng.choice(sorted(pool))
        return self.places[name]

    def _city(self, short: str) -> str:
        key = "city:" + short
        if key not in self.places:
            same = sorted(s for s, c in self.mat.cities.items()
                          if len(s) == len(short) and len(c["full"]) == len(self.mat.cities[short]["full"]))
            self.places[key] = self.rng.choice(same or [short])
        return self.places[key]

    # people: a pool of reporters, a few of them prolific
    @functools.cached_property
    def _reporters(self) -> list[str]:
        pool = [s + g for s in self.mat.surnames for g in self.mat.given_names]
        random.Random(len(pool)).shuffle(pool)
        return pool[:600]

    def reporter(self, length: int) -> str:
        pool = self._reporters
        for _ in range(20):
            name = pool[min(int(self.rng.paretovariate(0.9)) - 1, len(pool) - 1)] if self.rng.random() < 0.5 \
                else self.rng.choice(pool)
            if len(name) == length and name not in self.people.values():
                return name
        return self.rng.choice([n for n in pool if len(n) == length] or pool)

    def person(self, name: str) -> str:
        if name not in self.people:
            self.people[name] = self.reporter(len(name)) if 2 <= len(name) <= 3 else name
        return self.people[name]

    def byline(self, text: str, authors: list[str]) -> str:
        for name in authors:
            pattern = r"\s*".join(map(re.escape, name))
            text = re.sub(pattern, lambda m: self._respaced(m.group(), self.person(name)), text)
        return text

    @staticmethod
    def _respaced(printed: str, new: str) -> str:
        return " ".join(new) if " " in printed and len(new) == len(printed.replace(" ", "")) else new

    def text(self, text: str) -> str:
        return self.numbers(self.places_in(text))


def vary_story(story: Story, rng: random.Random, var: Variation, mat: Material) -> Story:
    """The story with its paragraphs reordered and trimmed, its numbers, places, people and title redrawn."""
    body = list(story.body)
    paragraphs = [i for i, (kind, _) in enumerate(body) if kind == "paragraph"]
    for a, b in zip(paragraphs[1:], paragraphs[2:]):  # swap neighbours, the lead stays first
        if rng.random() < 0.3:
            body[a], body[b] = body[b], body[a]
    if len(body) > 6 and rng.random() < 0.5:
        body = body[: rng.randint(max(4, len(body) // 2), len(body))]
    while body and body[-1][0] == "subheading":
        body.pop()
    if rng.random() < 0.25:  # borrowed paragraphs
        donor = rng.choice(mat.stories)
        for kind, text in rng.sample(donor.body, min(2, len(donor.body))):
            if kind == "paragraph":
                body.insert(rng.randint(1, len(body)), (kind, text))
    if rng.random() < 0.05 and len(body) > 2:  # a paragraph printed twice
        i = rng.randrange(len(body))
        if body[i][0] == "paragraph":
            body.insert(rng.randint(i + 1, len(body)), body[i])
    title = story.title
    if title and rng.random() < 0.5 and (halves := _halves(title)):
        title = halves[0] + rng.choice(mat.title_halves)

    def v(s: str | None) -> str | None:
        return var.text(s) if s else s

    return replace(story, title=v(title), kicker=v(story.kicker), subtitle=v(story.subtitle),
                   captions=[var.text(c) for c in story.captions],
                   byline=var.byline(story.byline, story.authors) if story.byline else None,
                   authors=[var.person(a) for a in story.authors],
                   body=[(kind, var.text(text)) for kind, text in body])


# ---------------------------------------------------------------- printing a page


def display_width(text: str) -> int:
    return sum(1 if ord(c) < 0x2E80 else 2 for c in text)


_CLOSING = set("，。、；：？！”’）》」』】…,.;:?!)")
_OPENING = set("“‘（《「『【(")


def wrap(text: str, columns: int) -> list[str]:
    """Hard-wrap at `columns` display columns as a typesetter does: a run of Latin letters and
    digits is never broken, closing punctuation never starts a line nor opening punctuation ends one."""
    lines, line, width = [], "", 0
    for token in re.findall(r"[A-Za-z0-9.%\-]+|.", text):
        w = display_width(token)
        if width + w > columns and line and token not in _CLOSING:
            carry = ""
            while line and line[-1] in _OPENING:
                carry, line = line[-1] + carry, line[:-1]
            if line:
                lines.append(line)
                line, width = carry, display_width(carry)
            else:
                line = carry
        line += token
        width += w
    return lines + [line] if line else lines


_DIGITS = re.compile(r"(?<=[^\sA-Za-z0-9.%])(\d[\d.%]*)(?=[^\sA-Za-z0-9.%])")


def space_numbers(text: str) -> str:
    """`2024年` printed as `2024 年`, as letter-spaced columns do."""
    return _DIGITS.sub(r" \1 ", text)


@dataclass
class Layout:
    wrapped: bool
    columns: int = 36  # display columns (two per Chinese character)
    line_gap: str = "\n\n"  # between lines (the seeds leave a blank line after every line)
    spaced_numbers: bool = False
    indent: str = ""
    heads: str = "top"  # top | bottom | list

    @classmethod
    def draw(cls, rng: random.Random) -> "Layout":
        heads = rng.choices(("top", "bottom", "list"), (0.75, 0.1, 0.15))[0]
        if rng.random() < 0.4:
            return cls(True, 2 * rng.randint(13, 24), rng.choice(("\n\n", "\n\n", "\n")), rng.random() < 0.6, "", heads)
        return cls(False, indent="　　" if rng.random() < 0.2 else "", heads="list" if heads == "list" else "top")


def credit_lines(story: Story, rng: random.Random, layout: Layout) -> tuple[list[str], str | None, str | None]:
    """(byline lines over the body, dateline prefix, attribution under it)."""
    names = story.authors
    plain = story.byline and story.byline.replace(" ", "") == "".join(names)
    if not story.byline:
        return [], None, None
    if not plain:
        return [story.byline], None, None
    if layout.heads == "list" or rng.random() < 0.12:
        return [], None, "（" + " ".join(names) + "）"
    form = rng.random()
    if form < 0.2 and len(names) >= 2:
        return [f"湖南日报全媒体记者 {names[0]} 通讯员 {' '.join(names[1:])}"], None, None
    if form < 0.32:
        return [f"■本报记者 {' '.join(names)}"], None, None
    if form < 0.38 and len(names) == 1:
        return [f"文/图 {names[0]}"], None, None
    if form < 0.44:
        return [], f"本报讯（记者 {' '.join(names)}）", None
    return [story.byline], None, None


def print_story(story: Story, rng: random.Random, layout: Layout) -> tuple[list[str], str | None]:
    """The story's lines (heads included unless listed at the page end) and its title for a headline list."""
    bylines, dateline, attribution = credit_lines(story, rng, layout)
    head: list[str] = []
    if story.title and layout.heads != "list":
        if story.column:
            head.append(story.column)
        if story.kicker:
            head.append(story.kicker + "——")
        head.append(story.title)
        if story.subtitle:
            head.append("——" + story.subtitle)
    captions = list(story.captions)
    lines: list[str] = []
    body = list(story.body)
    if dateline and body:
        body[0] = (body[0][0], dateline + body[0][1])
    for n, (kind, text) in enumerate(body):
        if layout.wrapped and kind == "paragraph":
            text = space_numbers(text) if layout.spaced_numbers else text
            column = wrap(text, layout.columns)
            column = [_justified(l) if rng.random() < 0.02 and len(l) > 6 else l for l in column]
            if n == 0 and rng.random() < 0.3:
                column[0] = " " + column[0]
            lines += column
        else:
            lines.append((layout.indent if kind == "paragraph" else "") + text)
    if attribution:
        if rng.random() < 0.3 and lines:
            lines[-1] += attribution
        else:
            lines.append(attribution)
    caps_first = rng.random() < 0.6
    if layout.heads == "bottom" and head:
        out = (captions if caps_first else []) + lines + head + bylines + ([] if caps_first else captions)
    else:
        out = head + bylines + story.labels + (captions if caps_first else []) + lines + ([] if caps_first else captions)
    return out, story.title if layout.heads == "list" else None


def _justified(line: str) -> str:
    """A line letter-spaced to fill the column (`带 来 重 大 利 好 。 安 仁 县 有 近 40`)."""
    return " ".join(re.findall(r"[A-Za-z0-9.%\-]+|\S", line))


def compose_page(rng: random.Random, mat: Material) -> str:
    var = Variation(rng, mat)
    layout = Layout.draw(rng)
    target = rng.randint(4500, 9000)
    stories: list[Story] = []
    while len(stories) < 3 or (sum(_length(s) for s in stories) < target and len(stories) < 8):
        stories.append(vary_story(rng.choice(mat.stories), rng, var, mat))
    chunks, listed = [], []
    for story in stories:
        lines, title = print_story(story, rng, layout)
        chunks.append(layout.line_gap.join(lines))
        if title:
            listed.append(title)
    if rng.random() < 0.03:
        chunks[-1] += f"{layout.line_gap}（下转第{rng.randint(2, 8)}版）"
    if mat.extras and rng.random() < 0.1:
        chunks.insert(rng.randint(1, len(chunks)), var.numbers(rng.choice(mat.extras), share=1.0))
    if listed:
        chunks.append(layout.line_gap.join(listed) if rng.random() < 0.5 else "\n".join(listed))
    return layout.line_gap.join(chunks) + "\n"


def _length(story: Story) -> int:
    return sum(len(text) for _, text in story.body)


def seed_variant(rng: random.Random, mat: Material) -> str:
    """A whole seed page as printed, its numbers, places and people redrawn."""
    _name, text, authors = rng.choice(mat.pages)
    var = Variation(rng, mat)
    text = var.byline(text, sorted(authors, key=len, reverse=True))
    return var.numbers(var.places_in(text), share=1.0)


# ---------------------------------------------------------------- the corpus


@dataclass
class GeneratedPage:
    name: str  # file name of the page; its sidecar is the same stem with .yaml
    text: str
    sidecar: str


def pages(n: int, seed: int = 0, seeds_dir: Path = SEEDS) -> Iterator[GeneratedPage]:
    """The first `n` pages of the corpus for `seed`, in order."""
    mat = material(Path(seeds_dir))
    seen: set[str] = set()
    for i in range(n):
        for attempt in range(100):
            rng = random.Random(f"{seed}:{i}:{attempt}")
            text = seed_variant(rng, mat) if rng.random() < SEED_VARIANT_SHARE else compose_page(rng, mat)
            key = hashlib.sha256(re.sub(r"\s+", "", text).encode()).hexdigest()
            if key not in seen:
                seen.add(key)
                break
        else:  # pragma: no cover - a hundred collisions in a row means the generator lost its variety
            raise RuntimeError(f"page {i}: no distinct text in 100 attempts")
        day = START_DATE + dt.timedelta(days=i // PAGES_PER_DAY)
        slot = i % PAGES_PER_DAY
        sidecar = (f"date: {day.isoformat()}\npublication: {PUBLICATIONS[slot // 2 % len(PUBLICATIONS)]}\n"
                   f"page: {slot % 2 + 1}\n")
        name = f"{i:05d}_{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt"
        yield GeneratedPage(name, text, sidecar)


def generate(n: int, out_dir: Path | str, seed: int = 0, seeds_dir: Path = SEEDS) -> list[Path]:
    """Write the first `n` pages of the corpus (and their sidecars) into `out_dir`; the page files, in order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for page in pages(n, seed, seeds_dir):
        path = out / page.name
        path.write_text(page.text, encoding="utf-8")
        path.with_suffix(".yaml").write_text(page.sidecar, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of pages")
    parser.add_argument("out", type=Path, help="folder to write them into (created)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.n, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} pages, {size / 1e6:.1f} MB, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
