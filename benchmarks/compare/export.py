"""The articles of a built archive as Markdown sites for Hugo and Pelican, to build side by side.

    python benchmarks/compare/export.py SITE_DIR SEEDS_DIR WORK_DIR

reads `SITE_DIR/data/articles.json` and `pages.json` (what our build made of
the seeds) and writes `WORK_DIR/hugo/` and `WORK_DIR/pelican/`: the skeletons
beside this file (configuration and templates) plus one Markdown file per
article and one per newspaper page (its raw text), and our stylesheet.  The
templates print what ours print on the same pages: an article with its
column, kicker, title, subtitle, linked authors, date, city, topics, captions,
body, key figures and source; lists of 20 per page by city, topic, author and
year; the newspaper pages; feeds for the whole site, each city and each topic;
a sitemap (Hugo; Pelican has none without a plugin).  Ours also draws maps and
charts, related articles and JSON-LD, and builds a search index: the others
get none of these, so the comparison flatters them.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
_MD_LEADING = re.compile(r"^(\d+)([.)])|^([#>*+\-=|])")


def md_text(text: str) -> str:
    """A line of text as Markdown that renders as that text (no lists, headings or quotes by accident)."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;").replace("`", "\\`")
    return _MD_LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(3), text)


def body_markdown(article: dict) -> str:
    out = []
    for block in article["body"]:
        out.append(("## " if block["kind"] == "subheading" else "") + md_text(block["text"]))
    return "\n\n".join(out) + "\n"


def full_date(date: str | None) -> str:
    parts = (date or "1970").split("-") + ["01", "01"]
    return "-".join(parts[:3])


def _figures(article: dict) -> list[str]:
    return [f"{f['value']}{f['unit']} {f['label']}".strip() for f in article.get("figures", [])]


def hugo_article(a: dict) -> str:
    front = {
        "title": a["title"], "date": full_date(a["date"]), "slug": a["id"], "url": f"/articles/{a['id']}/",
        "kicker": a["kicker"], "subtitle": a["subtitle"], "column": a["column"], "byline": a["byline"],
        "cities": [a["city"]] if a["city"] else [], "topics": a["topics"], "authors": a["authors"],
        "dates": [full_date(a["date"])[:4]], "captions": a["captions"], "keywords": a["keywords"],
        "figures": _figures(a), "source": a["source"], "page": a["source"].rsplit(".", 1)[0], "complete": a["complete"],
    }
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()] + ["---", ""]
    return "\n".join(lines) + body_markdown(a)


def pelican_article(a: dict) -> str:
    meta = {
        "Title": a["title"], "Date": full_date(a["date"]), "Slug": a["id"],
        "Category": a["city"] or "湖南", "Tags": ", ".join(t.replace(",", " ") for t in a["topics"]),
        "Authors": ", ".join(a["authors"]), "Kicker": a["kicker"], "Subtitle": a["subtitle"], "Column": a["column"],
        "Byline": a["byline"], "Captions": " | ".join(a["captions"]), "Keywords": ", ".join(a["keywords"]),
        "Figures": " | ".join(_figures(a)), "Source": a["source"], "Pagestem": a["source"].rsplit(".", 1)[0],
    }
    head = "".join(f"{k}: {' '.join(str(v).split())}\n" for k, v in meta.items() if v)
    return head + "\n" + body_markdown(a)


def newspaper_page(page: dict, raw: str, titles: dict[str, str], flavour: str) -> str:
    stem = page["source"].rsplit(".", 1)[0]
    links = "\n".join(f"- [{md_text(titles[i])}](../../articles/{i}/)" for i in page["articles"] if i in titles)
    body = f"{links}\n\n```text\n{raw.replace('```', '` ` `')}\n```\n"
    if flavour == "hugo":
        return (f"---\ntitle: {json.dumps(stem)}\nslug: {json.dumps(stem)}\nurl: /pages/{stem}/\n"
                f"date: {full_date(page['date'])}\n---\n\n{body}")
    return f"Title: {stem}\nSlug: {stem}\nDate: {full_date(page['date'])}\n\n{body}"


def export(site_dir: Path, seeds_dir: Path, work_dir: Path) -> dict[str, Path]:
    """Write the Hugo and Pelican sites into `work_dir`; their project folders by name."""
    articles = json.loads((Path(site_dir) / "data" / "articles.json").read_text(encoding="utf-8"))
    pages = json.loads((Path(site_dir) / "data" / "pages.json").read_text(encoding="utf-8"))
    titles = {a["id"]: a["title"] for a in articles}
    out = {}
    for flavour in ("hugo", "pelican"):
        project = Path(work_dir) / flavour
        if project.exists():
            shutil.rmtree(project)
        shutil.copytree(HERE / flavour, project)
        content = project / "content"
        (content / "articles").mkdir(parents=True)
        (content / "pages").mkdir(parents=True)
        static = project / ("static" if flavour == "hugo" else "theme/static") / "static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "static" / "style.css", static / "style.css")
        for a in articles:
            text = hugo_article(a) if flavour == "hugo" else pelican_article(a)
            (content / "articles" / f"{a['id']}.md").write_text(text, encoding="utf-8")
        for page in pages:
            raw = (Path(seeds_dir) / page["source"]).read_text(encoding="utf-8", errors="replace")
            stem = page["source"].rsplit(".", 1)[0]
            (content / "pages" / f"{stem}.md").write_text(newspaper_page(page, raw, titles, flavour), encoding="utf-8")
        out[flavour] = project
    return out


if __name__ == "__main__":
    site, seeds, work = map(Path, sys.argv[1:4])
    for name, path in export(site, seeds, work).items():
        print(f"{name}: {path}")
