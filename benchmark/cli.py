"""The ``attribench`` command line: thin wrappers over library functions.

Exit codes: 0 success; 1 validation problems in the corpus or source files;
2 usage errors (argparse); 3-8 malformed predictions (see ``benchmark.predictions``).
"""

from __future__ import annotations

import argparse
import json
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


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    changed = build(args.data_dir, check=args.check)
    for path in changed:
        print(f"{'differs' if args.check else 'wrote'}: {path}")
    if args.check and changed:
        print("attribench: error: generated files are stale; run 'attribench build'", file=sys.stderr)
        return 1
    if not changed:
        print("up to date")
    return 0


def _cmd_assign_splits(args: argparse.Namespace) -> int:
    from .build import assign_splits

    added = assign_splits(args.data_dir, limit=args.limit)
    for aid, split in sorted(added.items()):
        print(f"{aid}\t{split}")
    print(f"assigned {len(added)} new article(s)")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    problems = validate(args.path)
    for p in problems:
        print(p)
    if problems:
        print(f"attribench: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("ok: no problems")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from .loader import read_split
    from .schema import SPLITS
    from .stats import compute_stats, render_markdown, unmet_minimums

    st = compute_stats({s: read_split(s, data_dir=args.path) for s in SPLITS})
    if args.json:
        print(json.dumps(st, indent=2, default=list))
    else:
        print(render_markdown(st))
    if args.require_v1:
        unmet = unmet_minimums(st)
        for msg in unmet:
            print(f"unmet: {msg}", file=sys.stderr)
        return 1 if unmet else 0
    return 0


def _cmd_publish(args: argparse.Namespace) -> int:
    from .publish import publish

    folder = publish(args.repo_id, out=args.out, dry_run=args.dry_run, private=args.private,
                     data_dir=args.data_dir)
    print(f"{'built' if args.dry_run else 'uploaded'}: {folder}")
    return 0


def _cmd_agreement(args: argparse.Namespace) -> int:
    from . import agreement

    result = agreement.compute(args.data_dir)
    print(json.dumps(result, indent=2) if args.json else agreement.render_markdown(result))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (subcommands of other modules register themselves here)."""
    parser = argparse.ArgumentParser(prog="attribench", description="attribench: quote attribution benchmark")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check-source", help="compile and check annotated source files")
    p.add_argument("files", nargs="+")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=_cmd_check_source)

    p = sub.add_parser("build", help="compile data/source into the split files and card")
    p.add_argument("--data-dir", type=Path, default=None)
    p.add_argument("--check", action="store_true", help="only report files that differ (exit 1)")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("assign-splits", help="add unassigned articles to data/splits.tsv (frozen lines kept)")
    p.add_argument("--data-dir", type=Path, default=None)
    p.add_argument("--limit", type=int, default=None, help="assign only the first N unassigned ids")
    p.set_defaults(func=_cmd_assign_splits)

    p = sub.add_parser("validate", help="validate the compiled corpus")
    p.add_argument("path", nargs="?", type=Path, default=None, help="corpus folder (default: data/)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("stats", help="corpus statistics")
    p.add_argument("path", nargs="?", type=Path, default=None)
    p.add_argument("--json", action="store_true")
    p.add_argument("--require-v1", action="store_true", help="exit 1 unless the corpus v1 minimums are met")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("publish", help="build the Hub layout and upload it")
    p.add_argument("--repo-id", required=True)
    p.add_argument("--out", type=Path, default=None, help="folder to build in (default: a temp folder)")
    p.add_argument("--dry-run", action="store_true", help="build the folder only, upload nothing")
    p.add_argument("--private", action="store_true")
    p.add_argument("--data-dir", type=Path, default=None)
    p.set_defaults(func=_cmd_publish)

    p = sub.add_parser("agreement", help="inter-annotator agreement of the blind second pass")
    p.add_argument("--data-dir", type=Path, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_agreement)

    for module in ("cli_score", "cli_leaderboard", "cli_baselines", "cli_convert"):
        try:
            mod = __import__(f"benchmark.{module}", fromlist=["add_parsers"])
        except ModuleNotFoundError as exc:
            if exc.name != f"benchmark.{module}":
                raise
            continue
        mod.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``attribench`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"attribench: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
