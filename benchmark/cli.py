"""The ``attribench`` command line: thin wrappers over library functions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_check_source(args: argparse.Namespace) -> int:
    from .source import SourceError, read_source
    from .validate import check_article

    bad = 0
    for f in args.files:
        try:
            article = read_source(Path(f))
        except SourceError as exc:
            print(exc)
            bad += 1
            continue
        problems = check_article(article, where=f)
        for p in problems:
            print(p)
        bad += bool(problems)
        if not problems and args.verbose:
            print(f"{f}: ok ({len(article['quotes'])} quotes, {len(article['text'].split())} words)")
    return 1 if bad else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="attribench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check-source", help="compile and check annotated source files")
    p.add_argument("files", nargs="+")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=_cmd_check_source)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
