"""``attribench baseline rules|transformer``: a thin wrapper over :func:`baselines.run.run_baseline`."""

from __future__ import annotations

import argparse
from pathlib import Path


def _cmd_baseline(args: argparse.Namespace) -> int:
    try:
        from baselines.run import run_baseline
    except ImportError as exc:  # the baselines extra is not installed
        raise SystemExit(f"attribench: error: {exc}; install with: pip install 'attribench[baselines]'") from None
    run_baseline(args.system, config=args.config, split=args.split, model_config=args.model_config,
                 seed=args.seed, out=args.out, submit=args.submit)
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``baseline``."""
    p = sub.add_parser("baseline", help="run a baseline end to end (predict, score, optionally submit)")
    p.add_argument("system", choices=["rules", "transformer"])
    p.add_argument("--config", default="default", help="dataset config: default or polnear")
    p.add_argument("--split", default="test", choices=["train", "validation", "test"])
    p.add_argument("--model-config", type=Path, default=None,
                   help="transformer hyper-parameters (default: baselines/configs/transformer-<config>.json)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--out", type=Path, default=None, help="run folder (default: runs/<name>)")
    p.add_argument("--submit", action="store_true", help="store the run as a leaderboard submission")
    p.set_defaults(func=_cmd_baseline)
