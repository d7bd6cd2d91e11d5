"""The browsable archive site: records in, every site file out.

`render_site(pages, config)` returns ``{path: bytes}`` for the HTML pages,
feeds, sitemap, robots.txt and static assets; the pipeline writes them.
Modules: `context` (view models), `urls` (links and slugs), `svg` (map and
charts), `geo` (gazetteer points), `meta` (OpenGraph, JSON-LD, citation),
`feeds` (Atom, sitemap), `render` (Jinja), `builder` (one method per page kind).
"""

from .builder import render_changes, render_site

__all__ = ["render_changes", "render_site"]
