"""Run a baseline end to end: predict a split, score it, write a leaderboard submission.

``attribench baseline rules|transformer [--config default] [--split test]`` calls
:func:`run_baseline`. Each run writes ``runs/<name>/`` (predictions, scores, timing,
the exact command) and, unless ``submit=False``, ``submissions/<name>/`` plus a
re-rendered ``LEADERBOARD.md``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any


def hardware() -> str:
    """A one-line description of the machine: CPU count and GPU name when CUDA is in use."""
    desc = f"{os.cpu_count()}-core CPU ({platform.machine()})"
    try:
        import torch

        if torch.cuda.is_available():
            desc = f"{torch.cuda.get_device_name(0)} GPU + {desc}"
    except ImportError:
        pass
    return desc


def write_jsonl(path: Path, lines: list[dict[str, Any]]) -> Path:
    """Write prediction lines as JSONL (UTF-8, one object per line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def run_rules(articles: list[dict[str, Any]], out_dir: Path) -> tuple[Path, dict[str, Any]]:
    """Predict ``articles`` with the rule-based baseline; return (predictions path, run info)."""
    from tqdm import tqdm

    from .rules import predict_article

    t0 = time.perf_counter()
    lines = [predict_article(a) for a in tqdm(articles, desc="rules: predicting", unit="article")]
    secs = time.perf_counter() - t0
    per100 = 100 * secs / max(len(articles), 1)
    print(f"rules: {len(articles)} articles in {secs:.2f} s ({per100:.3f} s per 100 articles)")
    info = {"train_seconds": 0.0, "inference_seconds": secs,
            "notes": f"No training; {per100:.3f} s per 100 articles."}
    return write_jsonl(out_dir / "predictions.jsonl", lines), info
