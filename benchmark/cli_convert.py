"""``attribench convert polnear PATH``: a thin wrapper over :mod:`benchmark.convert.polnear`."""

from __future__ import annotations

import argparse
from pathlib import Path


def _cmd_convert(args: argparse.Namespace) -> int:
    from .convert import polnear
    from .validate import validate

    out = args.out or polnear.cache_dir()
    report = polnear.convert(args.path, out)
    print(f"converted {args.path} -> {out}")
    print(report.summary())
    for s in report.skipped:
        print(f"skipped: {s}")
    problems = validate(out)
    for p in problems:
        print(p)
    print("validator: ok" if not problems else f"validator: {len(problems)} problem(s)")
    return 1 if problems else 0


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``convert``."""
    p = sub.add_parser("convert", help="convert a third-party corpus (your own copy) into the attribench schema")
    p.add_argument("corpus", choices=["polnear"])
    p.add_argument("path", type=Path, help="your clone of github.com/networkdynamics/PolNeAR")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ~/.cache/attribench/polnear)")
    p.set_defaults(func=_cmd_convert)
