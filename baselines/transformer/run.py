"""One run of the baseline as a pipeline: prepare, train, predict, score; writes ``runs/<name>/``.

Run folder contents:

* ``config.json``: the resolved config (every field, explicit model path and seed);
* ``command.txt``: the exact command line;
* ``model/``: weights, tokenizer, ``attribution.json`` and ``training.json``;
* ``predictions-<split>.jsonl``: one prediction line per article of ``split``;
* ``scores-<split>.json``: the scorer's flat scores with ``main_score``, or
  ``{"skipped": reason}`` when the scorer is not importable;
* ``timing.json``: train and inference seconds, steps, device, library versions, CPU
  count, GPU name, and the linking mode (``learned`` or ``heuristic``).
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

from ..run import write_jsonl
from .config import load_config
from .predict import predict, resolve_device
from .scoring import score_predictions
from .train import TRAINING_LOG, train, with_seed


def load_articles(split: str, data_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """The prepare step: gold articles of one split via ``benchmark.loader.read_split``.

    Falls back to reading ``<data_dir>/default/<split>.jsonl`` directly when the loader
    is not importable.
    """
    try:
        from benchmark.loader import read_split
    except ImportError:
        from benchmark import paths

        path = paths.split_file(split, Path(data_dir) if data_dir else None)
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    return read_split(split, data_dir=data_dir)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def environment(device: str = "auto") -> dict[str, Any]:
    """Device and library facts for ``timing.json`` (``device``: the config's device setting)."""
    import accelerate
    import torch
    import transformers

    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    return {
        "device": str(resolve_device(device)),
        "gpu_name": gpu,
        "gpu_count": torch.cuda.device_count(),
        "cpu_count": os.cpu_count(),
        "cpu_name": _cpu_name(),
        "torch_version": torch.__version__,
        "transformers_version": transformers.__version__,
        "accelerate_version": accelerate.__version__,
        "python_version": platform.python_version(),
        "platform": platform.platform(),
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run(config_path: str | Path, *, split: str = "test", out_dir: str | Path | None = None,
        seed: int | None = None, data_dir: str | Path | None = None, command: str | None = None) -> Path:
    """Prepare, train, predict ``split`` and score it; returns the run folder.

    ``out_dir`` defaults to ``runs/<config name>`` (``-seed<N>`` appended when ``seed``
    overrides the config's). Training uses the ``train`` split and selects the epoch on
    ``validation``. Under ``accelerate launch``/``torchrun`` every process trains; only the
    main process predicts, scores and writes the run files.
    """
    cfg = with_seed(load_config(config_path), seed).resolved()
    out = Path(out_dir) if out_dir else Path("runs") / (cfg.name + (f"-seed{seed}" if seed is not None else ""))
    main = os.environ.get("RANK", "0") == "0"  # set by torchrun and accelerate launch
    if main:
        out.mkdir(parents=True, exist_ok=True)
        _write_json(out / "config.json", cfg.to_dict())
        (out / "command.txt").write_text((command or shlex.join([sys.executable, *sys.argv])) + "\n",
                                         encoding="utf-8")
    train_articles = load_articles("train", data_dir)
    try:
        dev_articles = load_articles("validation", data_dir)
    except FileNotFoundError:
        print("[transformer] no validation split: keeping the last epoch", file=sys.stderr)
        dev_articles = []
    eval_articles = load_articles(split, data_dir)

    t0 = time.perf_counter()
    model_dir = train(cfg, train_articles, dev_articles, out / "model")
    train_seconds = time.perf_counter() - t0
    if not main:
        return out

    t1 = time.perf_counter()
    preds = predict(model_dir, eval_articles, batch_size=cfg.eval_batch_size, progress=cfg.progress,
                    device=cfg.device)
    inference_seconds = time.perf_counter() - t1
    write_jsonl(out / f"predictions-{split}.jsonl", preds)
    scores = score_predictions(eval_articles, preds)
    _write_json(out / f"scores-{split}.json",
                scores if scores is not None else {"skipped": "benchmark.scorer is not importable"})

    log = json.loads((model_dir / TRAINING_LOG).read_text(encoding="utf-8"))
    _write_json(out / "timing.json", {
        "train_seconds": train_seconds,
        "train_loop_seconds": log["seconds"]["train_loop"],
        "dev_eval_seconds": log["seconds"]["dev_eval"],
        "train_steps": log["steps"],
        "seconds_per_step": log["seconds_per_step"],
        "train_windows": log["features"]["windows"],
        "train_articles": len(train_articles),
        "selected_epoch": log["selection"]["epoch"],
        "selection_criterion": log["selection"]["criterion"],
        "stopped_early": log["stopped_early"],
        "inference_seconds": inference_seconds,
        "inference_articles": len(eval_articles),
        "inference_split": split,
        "linking": cfg.linking,
        "num_processes": log["num_processes"],
        **environment(cfg.device),
    })
    if scores is not None:
        print(f"[transformer] {split} main_score = {scores['main_score']}")
    return out
