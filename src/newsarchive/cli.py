"""The command line: a thin layer over the pipeline.

Exit status: 0 built (warnings allowed); 1 a fatal error, or with --strict any
input error or warning; 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .config import Config, load_config
from .errors import NewsarchiveError


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["build", *(argv or [])])
    try:
        return args.run(args)
    except NewsarchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; the previous site was left as it was", file=sys.stderr)
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsarchive", description="Build a browsable, searchable news archive from newspaper page files.")
    parser.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = parser.add_subparsers(dest="command")

    build = sub.add_parser("build", help="parse every seed and render the whole site")
    add_site_options(build)
    build.add_argument("--strict", action="store_true", help="exit 1 on any input error or warning")
    build.set_defaults(run=run_build)

    parse = sub.add_parser("parse", help="show how one page file was parsed")
    parse.add_argument("file", type=Path)
    parse.add_argument("--json", action="store_true", help="print the records as JSON")
    parse.add_argument("--config", type=Path, default=None, help="site config (default: ./site.yaml)")
    parse.set_defaults(run=run_parse)
    return parser


def add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=None, help="folder of page files (default: seeds/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: _site/)")
    parser.add_argument("--config", type=Path, default=None, help="site config (default: ./site.yaml)")


def run_build(args: argparse.Namespace) -> int:
    from .pipeline import build

    config = load_config(args.config)
    result = build(config, seeds_dir=args.seeds, out_dir=args.out)
    for line in result.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in result.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(result.summary())
    if args.strict and (result.errors or result.warnings):
        return 1
    return 0


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
