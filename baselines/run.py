"""Run a baseline end to end: predict a split, score it, optionally store a leaderboard submission.

``attribench baseline rules|transformer [--config default] [--split test] [--submit]``
calls :func:`run_baseline`. Every run writes ``runs/<name>/`` (predictions, scores,
timing, the exact command); with ``submit`` it also writes ``submissions/<name>/`` and
re-renders ``LEADERBOARD.md``. Without it, the run is compared with the stored
leaderboard row, so the main job shows whether it reproduced the published numbers.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path
from typing import Any

from benchmark import paths

CONFIGS = paths.REPO_ROOT / "baselines" / "configs"
SYSTEM_NAMES = {"rules": "Rules", "transformer": "Transformer (MiniLM-L6)"}
DESCRIPTIONS = {
    "rules": "Quotation-mark pairing with continuation paragraphs, a cue lexicon and speaker heuristics "
             "next to the cue; indirect quotes from cue + that-clauses; no training.",
    "transformer": "all-MiniLM-L6-v2 (6 layers, 384 hidden) fine-tuned with four BIO heads (content, speaker, "
                   "cue, target) over 256-token sliding windows, plus a learned pairwise quote-speaker linker.",
}


def hardware() -> str:
    """A one-line description of the machine: CPU count and GPU name when CUDA is in use."""
    desc = f"{os.cpu_count()}-core CPU ({platform.machine()})"
    try:
        import torch

        if torch.cuda.is_available():
            desc = f"{torch.cuda.get_device_name(0)} GPU"
    except ImportError:
        pass
    return desc


def write_jsonl(path: Path, lines: list[dict[str, Any]]) -> Path:
    """Write prediction lines as JSONL (UTF-8, one object per line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def run_rules(split: str, out: Path, data_dir: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Predict ``split`` with the rule-based baseline; return (predictions path, run info)."""
    from tqdm import tqdm

    from benchmark.loader import read_split

    from .rules import predict_article

    articles = read_split(split, data_dir=data_dir)
    t0 = time.perf_counter()
    lines = [predict_article(a) for a in tqdm(articles, desc="rules: predicting", unit="article")]
    secs = time.perf_counter() - t0
    per100 = 100 * secs / max(len(articles), 1)
    print(f"rules: {len(articles)} articles in {secs:.2f} s ({per100:.3f} s per 100 articles)")
    info = {"train_seconds": 0.0, "inference_seconds": secs,
            "notes": f"No training; {per100:.2f} s per 100 articles on the machine above."}
    return write_jsonl(out / f"predictions-{split}.jsonl", lines), info


def run_transformer(split: str, out: Path, model_config: Path, seed: int | None,
                    data_dir: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Train and predict with the transformer baseline; return (predictions path, run info)."""
    from .transformer import run

    run_dir = run(model_config, split=split, out_dir=out, seed=seed, data_dir=data_dir,
                  command=shlex.join(["attribench", *sys.argv[1:]]))
    timing = json.loads((run_dir / "timing.json").read_text(encoding="utf-8"))
    info = {"train_seconds": timing["train_seconds"], "inference_seconds": timing["inference_seconds"],
            "notes": f"Epoch {timing['selected_epoch']} selected by validation {timing['selection_criterion']}; "
                     f"{timing['train_steps']} steps; speaker linking: {timing['linking']}."}
    return run_dir / f"predictions-{split}.jsonl", info


def run_baseline(system: str, *, config: str = "default", split: str = "test", model_config: Path | None = None,
                 seed: int | None = None, out: Path | None = None, submit: bool = False) -> dict[str, Any]:
    """Run one baseline; return ``{"run_dir", "predictions", "scores", "submission"}``."""
    from benchmark.leaderboard import load_submissions, make_submission, write_leaderboard
    from benchmark.loader import config_root, read_split
    from benchmark.predictions import read_predictions
    from benchmark.scorer import score

    data_dir = config_root(config, None) if config != "default" else None
    name = system if system == "rules" else (model_config.stem if model_config else f"transformer-{config}")
    if config != "default":
        name = f"{name}-{config}" if system == "rules" else name
    out = out or paths.REPO_ROOT / "runs" / name
    t0 = time.perf_counter()
    if system == "rules":
        pred, info = run_rules(split, out, data_dir)
    elif system == "transformer":
        cfg = model_config or CONFIGS / f"transformer-{config}.json"
        pred, info = run_transformer(split, out, cfg, seed, data_dir)
    else:
        raise ValueError(f"unknown baseline {system!r}: expected rules or transformer")
    gold = read_split(split, data_dir=data_dir)
    report = score(gold, read_predictions(pred, gold), bootstrap=1000)
    flat = report.flat()
    (out / f"scores-{split}.json").write_text(json.dumps(flat, indent=2) + "\n", encoding="utf-8")
    command = shlex.join(["attribench", *sys.argv[1:]]) if sys.argv[1:2] == ["baseline"] else None
    info.update(command=command or f"attribench baseline {system} --config {config} --split {split}",
                hardware=hardware())
    (out / "run.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"{name}: {split} main_score {flat['main_score']:.4f} (total {time.perf_counter() - t0:.0f} s); "
          f"run folder {out}")
    result = {"run_dir": out, "predictions": pred, "scores": flat, "submission": None}
    stored = {folder.name: rec for folder, rec in load_submissions()}
    if name in stored:
        old = stored[name]["scores"]
        print(f"{name}: leaderboard row main_score {old['main_score']:.4f} "
              f"(this run {flat['main_score']:.4f}, difference {flat['main_score'] - old['main_score']:+.4f})")
    if submit:
        result["submission"] = make_submission(
            pred, name=SYSTEM_NAMES[system] + ("" if config == "default" else f" ({config})"),
            description=DESCRIPTIONS[system], authors=["attribench maintainers"], config=config, split=split,
            training_data="none" if system == "rules" else f"{config} train", baseline=True,
            model=None if system == "rules" else "all-MiniLM-L6-v2", model_size=None if system == "rules" else "22.7M",
            run=info, slug=name, overwrite=True)
        write_leaderboard()
    return result
