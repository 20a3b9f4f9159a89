"""``python -m baselines.transformer --config CONFIG [--split test] [--out DIR] [--seed N] [--data-dir DIR]``."""

from __future__ import annotations

import argparse
import shlex
import sys


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the pipeline (prepare, train, predict, score)."""
    parser = argparse.ArgumentParser(prog="python -m baselines.transformer", description=__doc__)
    parser.add_argument("--config", required=True, help="JSON config file (baselines/configs/*.json)")
    parser.add_argument("--split", default="test", choices=("train", "validation", "test"),
                        help="split to predict and score after training (default: test)")
    parser.add_argument("--out", default=None, help="run folder (default: runs/<config name>)")
    parser.add_argument("--seed", type=int, default=None, help="override the config's seed")
    parser.add_argument("--data-dir", default=None, help="corpus folder (default: the repository's data/)")
    args = parser.parse_args(argv)
    argv = sys.argv[1:] if argv is None else argv

    from .run import run

    command = shlex.join([sys.executable, "-m", "baselines.transformer", *argv])
    out = run(args.config, split=args.split, out_dir=args.out, seed=args.seed, data_dir=args.data_dir,
              command=command)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
