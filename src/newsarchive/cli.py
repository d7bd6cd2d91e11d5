"""The command line: a thin layer over the pipeline (`build`), the dev server (`serve`) and the parser (`parse`).

Exit status: 0 built (warnings allowed); 1 a fatal error, or with --strict any
input error or warning; 2 a usage error; 130 interrupted (the previous site is
left as it was).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .config import Config, load_config
from .errors import NewsarchiveError


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["build", *argv]  # `python build.py [--strict …]` is `build`
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except NewsarchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; the previous site was left as it was", file=sys.stderr)
        return 130


def run(argv: list[str] | None = None) -> None:
    """The command line's entry point: `main`, then exit at once, output flushed.

    A build of a large archive ends holding millions of objects; freeing them
    one by one as the interpreter shuts down took two seconds of a rebuild of
    5,000 pages, and the system frees the process's memory whole anyway.
    Every file the command wrote is closed by then.
    """
    code = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsarchive", description="Build a browsable, searchable news archive from newspaper page files.")
    parser.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = parser.add_subparsers(dest="command")

    build = sub.add_parser("build", help="parse every seed and render the whole site (incremental where the cache allows)")
    add_site_options(build)
    build.add_argument("--strict", action="store_true", help="exit 1 on any input error or warning")
    build.set_defaults(run=run_build)

    serve = sub.add_parser("serve", help="build, serve the site locally, rebuild and reload on every change")
    add_site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=port_number, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    serve.set_defaults(run=run_serve)

    parse = sub.add_parser("parse", help="show how one page file was parsed")
    parse.add_argument("file", type=Path)
    parse.add_argument("--json", action="store_true", help="print the records as JSON")
    parse.add_argument("--config", type=Path, default=None, help="site config (default: ./site.yaml)")
    parse.set_defaults(run=run_parse)

    search = sub.add_parser("search", help="search the built archive from the terminal (whoosh index)")
    search.add_argument("query", nargs="+", help="words or fragments; several are combined, articles holding all come first")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="results to show (default: 10)")
    search.add_argument("--json", action="store_true", help='print a JSON array of {"id", "url", "title", "score", "snippet", "highlights"}')
    search.add_argument("--seeds", type=Path, default=None, help="folder of page files; warns when the site is older (default: seeds/)")
    search.add_argument("--out", type=Path, default=None, help="the built site to search (default: _site/)")
    search.add_argument("--config", type=Path, default=None, help="site config (default: ./site.yaml)")
    search.add_argument("--cache", type=Path, default=None, help="build cache holding the index (default: .cache/ beside site.yaml)")
    search.add_argument("--city", default=None, help="only articles about this city (e.g. 郴州)")
    search.add_argument("--topic", default=None, help="only articles of this topic")
    search.add_argument("--year", default=None, help="only articles of this year")
    search.set_defaults(run=run_search)
    return parser


def add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=None, help="folder of page files (default: seeds/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: _site/)")
    parser.add_argument("--config", type=Path, default=None, help="site config (default: ./site.yaml)")
    parser.add_argument("--cache", type=Path, default=None, help="build cache folder (default: .cache/ beside site.yaml)")
    parser.add_argument("--jobs", "-j", type=positive, default=None,
                        help="processes that parse pages (default: the number of CPUs)")


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def port_number(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}")
    return int(text)


def run_build(args: argparse.Namespace) -> int:
    from .pipeline import build, default_jobs
    from .progress import Progress, report

    config = load_config(args.config)
    result = build(config, seeds_dir=args.seeds, out_dir=args.out, cache_dir=args.cache,
                   jobs=args.jobs or default_jobs(), progress=Progress())
    report(result)
    if args.strict and (result.errors or result.warnings):
        return 1
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from .pipeline import default_jobs
    from .serve import serve

    return serve(args.config, args.seeds, args.out, args.cache, args.jobs or default_jobs(), args.host, args.port)


def run_parse(args: argparse.Namespace) -> int:
    from .parse import parse_page
    from .pipeline import enrich
    from .report import format_page
    from .sidecar import load_sidecar

    config: Config = load_config(args.config)
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: {path}: cannot read: {exc.strerror}", file=sys.stderr)
        return 1
    page = parse_page(data, path.name, sidecar=load_sidecar(path))
    page = enrich([page], config)[0]
    if args.json:
        out = {"page": page.to_json(), "articles": [a.to_json() for a in page.articles]}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(format_page(page))
    return 0


def run_search(args: argparse.Namespace) -> int:
    import os

    from .errors import UsageError
    from .search.terminal import format_answer, index_for_site, run_query, stale_seeds

    if args.limit < 1:
        raise UsageError("search: --limit must be at least 1")
    config = load_config(args.config)
    site = args.out or config.path("out")
    ix = index_for_site(args.cache or config.path("cache"), site, lambda m: print(m, file=sys.stderr))
    for line in stale_seeds(args.seeds or config.path("seeds"), site):
        print(f"warning: {line}", file=sys.stderr)
    answer = run_query(ix, " ".join(args.query), args.limit, args.city, args.topic, args.year)
    if args.json:
        print(json.dumps([r.to_json() for r in answer.results], ensure_ascii=False, indent=1))
    else:
        print(format_answer(answer, color=sys.stdout.isatty() and "NO_COLOR" not in os.environ))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
