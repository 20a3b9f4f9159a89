"""``attribench submit`` and ``attribench leaderboard``: thin wrappers over :mod:`benchmark.leaderboard`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_submit(args: argparse.Namespace) -> int:
    from .leaderboard import make_submission, write_leaderboard
    from .predictions import PredictionError

    run = json.loads(Path(args.run_info).read_text()) if args.run_info else None
    try:
        folder = make_submission(
            args.predictions, name=args.name, description=args.description,
            authors=[a.strip() for a in args.authors.split(",") if a.strip()],
            config=args.config, split=args.split, training_data=args.training_data, baseline=args.baseline,
            url=args.url, paper=args.paper, model=args.model, model_size=args.model_size, prompt=args.prompt,
            model_version=args.model_version, run=run, slug=args.slug, root=args.root, overwrite=args.overwrite)
    except PredictionError as exc:
        print(f"attribench: error: {exc}", file=sys.stderr)
        return exc.exit_code
    rec = json.loads((folder / "submission.json").read_text())
    print(f"wrote {folder} (main_score {rec['scores']['main_score']})")
    if not args.no_render:
        print(f"rendered {write_leaderboard(args.root)}")
    return 0


def _cmd_leaderboard(args: argparse.Namespace) -> int:
    from .leaderboard import check, write_leaderboard

    if args.check:
        problems = check(args.root, args.out)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 1
        print("ok: every stored score re-computes and the page is current")
        return 0
    print(f"rendered {write_leaderboard(args.root, args.out)}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``submit`` and ``leaderboard``."""
    p = sub.add_parser("submit", help="validate, score and store a leaderboard submission")
    p.add_argument("predictions", type=Path)
    p.add_argument("--name", required=True)
    p.add_argument("--description", required=True)
    p.add_argument("--authors", required=True, help="comma-separated")
    p.add_argument("--config", default="default")
    p.add_argument("--split", default="test")
    p.add_argument("--training-data", default="attribench train")
    p.add_argument("--baseline", action="store_true")
    for opt in ("url", "paper", "model", "model-size", "prompt", "model-version", "slug"):
        p.add_argument(f"--{opt}", default=None)
    p.add_argument("--run-info", default=None, help="JSON file: command, hardware, train/inference seconds, notes")
    p.add_argument("--root", type=Path, default=None, help="submissions folder (default: submissions/)")
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--no-render", action="store_true", help="do not re-render LEADERBOARD.md")
    p.set_defaults(func=_cmd_submit)

    p = sub.add_parser("leaderboard", help="render LEADERBOARD.md, or --check every stored score")
    p.add_argument("--check", action="store_true")
    p.add_argument("--root", type=Path, default=None)
    p.add_argument("--out", type=Path, default=None)
    p.set_defaults(func=_cmd_leaderboard)
