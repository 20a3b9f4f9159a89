"""Predict a split with a trained transformer run folder's model (cross-corpus evaluation).

Usage: python scripts/predict_with.py MODEL_DIR DATA_DIR SPLIT OUT.jsonl
Writes one prediction line per article and prints the scorer's main score and the
inference time. DATA_DIR is a corpus folder (``data/`` or a converted PolNeAR folder).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from baselines.run import write_jsonl
from baselines.transformer import predict
from benchmark.loader import read_split
from benchmark.scorer import score


def main(model_dir: str, data_dir: str, split: str, out: str) -> int:
    articles = read_split(split, data_dir=data_dir)
    t0 = time.perf_counter()
    lines = predict(Path(model_dir), articles, batch_size=64)
    secs = time.perf_counter() - t0
    write_jsonl(Path(out), lines)
    report = score(articles, {x["id"]: x for x in lines}, slices=False)
    print(f"{model_dir} on {data_dir}/{split}: main_score {report.main_score} ({len(articles)} articles, {secs:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
