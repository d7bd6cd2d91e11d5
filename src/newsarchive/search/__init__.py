"""Chinese full-text search, in the terminal (whoosh) and on the static site (JavaScript).

Modules: `analysis` (what is indexed, what a query means), `ranking` (matching
and BM25F, defined once), `snippets` (where a term occurs, the text shown),
`codec` (posting lists as text), `terms` (a page's postings, encoded in the
workers), `export` (the files the browser reads, in segments),
`store` (the whoosh index in the build cache), `build` (the pipeline stage)
and `terminal` (the `search` command).  ``static/search.js`` is the browser
client; it repeats `analysis`, `ranking` and `snippets` for the query side.
"""

from .build import build_search
from .export import Segment, build_meta, build_segment, segments

__all__ = ["Segment", "build_meta", "build_search", "build_segment", "segments"]
