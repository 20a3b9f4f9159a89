"""Leaderboard: versioned submission records whose every score is re-computed.

A submission is a folder ``submissions/<slug>/`` holding ``submission.json`` (a
record shaped like :data:`benchmark.schema.SUBMISSION`) and its
predictions file (``predictions.jsonl.gz``). Scores in the record are written by
:func:`make_submission`, never by hand; :func:`check` re-scores every stored
prediction file and compares each stored number, and compares ``LEADERBOARD.md``
with :func:`render`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from . import CORPUS_VERSION, paths
from .schema import SCHEMA_VERSION, SUBMISSION
from .schema import check as check_record

BOOTSTRAP = 1000
SEED = 0
KEY_METRICS = [  # (flat key, column title)
    ("content_lenient_f", "Content F (lenient)"),
    ("content_exact_f", "Content F (exact)"),
    ("content_overlap_f", "Content F (token overlap)"),
    ("speaker_entity_acc", "Speaker acc (entity)"),
    ("cue_exact_f", "Cue F (exact)"),
    ("target_entity_f", "Target F (entity)"),
]
class SubmissionError(ValueError):
    """A submission folder is malformed or its stored scores do not re-compute."""


def submissions_dir() -> Path:
    """``<repo>/submissions``."""
    return paths.REPO_ROOT / "submissions"


def slugify(name: str) -> str:
    """A folder name for a system name: lowercase ASCII words joined by ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "system"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gold_for(config: str, split: str) -> list[dict[str, Any]]:
    """The gold articles a submission is scored against."""
    from .loader import read_split

    return read_split(split, config=config)


def _score(config: str, split: str, pred_path: Path, lenient_threshold: float) -> tuple[dict[str, Any], Any]:
    from .predictions import read_predictions
    from .scorer import score

    gold = gold_for(config, split)
    preds = read_predictions(pred_path, gold)
    report = score(gold, preds, lenient_threshold=lenient_threshold, bootstrap=BOOTSTRAP, seed=SEED)
    flat = report.flat()
    scores = {k: v for k, v in flat.items() if k not in ("slices", "ci")}
    return scores, flat.get("ci") or {}


def make_submission(predictions: Path | str, *, name: str, description: str, authors: list[str],
                    config: str = "default", split: str = "test", training_data: str = "attribench train",
                    baseline: bool = False, url: str | None = None, paper: str | None = None,
                    model: str | None = None, model_size: str | None = None, prompt: str | None = None,
                    model_version: str | None = None, run: dict[str, Any] | None = None,
                    slug: str | None = None, root: Path | None = None, overwrite: bool = False,
                    lenient_threshold: float = 0.5) -> Path:
    """Validate and score ``predictions``, then write ``submissions/<slug>/``; return the folder."""
    src = Path(predictions)
    folder = (root or submissions_dir()) / (slug or slugify(name))
    if folder.exists() and not overwrite:
        raise SubmissionError(f"{folder}: submission exists (pass overwrite=True / --overwrite)")
    scores, ci = _score(config, split, src, lenient_threshold)  # raises on invalid predictions
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "predictions.jsonl.gz"
    from .predictions import iter_lines

    # Offsets only for third-party corpora: their text must never be redistributed.
    strip = config != "default"
    with gzip.GzipFile(target, "wb", mtime=0) as raw:
        for _, line in iter_lines(src):
            if strip:
                line = _without_text(line)
            raw.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
    with gzip.open(target, "rt", encoding="utf-8") as fh:
        n_lines = sum(1 for line in fh if line.strip())
    record = {
        "schema_version": SCHEMA_VERSION,
        "dataset": {"name": "attribench", "version": CORPUS_VERSION, "config": config, "split": split},
        "system": {"name": name, "authors": authors, "url": url, "paper": paper, "description": description,
                   "model": model, "model_size": model_size, "training_data": training_data,
                   "baseline": baseline, "prompt": prompt, "model_version": model_version},
        "run": {"command": None, "hardware": None, "train_seconds": None, "inference_seconds": None,
                "notes": None, **(run or {})},
        "predictions": {"file": target.name, "sha256": _sha256(target), "articles": n_lines},
        "scorer": {"bootstrap": BOOTSTRAP, "seed": SEED, "lenient_threshold": lenient_threshold},
        "scores": scores,
        "ci": ci,
    }
    (folder / "submission.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    return folder


def _without_text(line: dict[str, Any]) -> dict[str, Any]:
    """A prediction line with every span's optional ``text`` removed."""
    def bare(span: Any) -> Any:
        return None if span is None else {"start": span["start"], "end": span["end"]}

    return {"id": line["id"], "quotes": [
        {"content": [bare(s) for s in q["content"]], "speaker": bare(q.get("speaker")), "cue": bare(q.get("cue")),
         "targets": [bare(t) for t in q.get("targets") or []]} for q in line["quotes"]]}


def load_submissions(root: Path | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """Every ``(folder, record)`` under ``root``, structurally checked, sorted by folder."""
    out = []
    for f in sorted((root or submissions_dir()).glob("*/submission.json")):
        try:
            rec = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SubmissionError(f"{f}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        problems = check_record(rec, SUBMISSION)
        if problems:
            raise SubmissionError(f"{f}: {problems[0]}")
        if rec["schema_version"] != SCHEMA_VERSION:
            raise SubmissionError(f"{f}: schema_version {rec['schema_version']} is not {SCHEMA_VERSION}")
        out.append((f.parent, rec))
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-12
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def verify(folder: Path, rec: dict[str, Any]) -> list[str]:
    """Problems with one submission: hash, corpus version, and every stored score re-computed."""
    pred = folder / rec["predictions"]["file"]
    if not pred.exists():
        return [f"{folder}: predictions file {pred.name} is missing"]
    problems = []
    if _sha256(pred) != rec["predictions"]["sha256"]:
        problems.append(f"{folder}: {pred.name} sha256 differs from the record")
    if rec["dataset"]["version"] != CORPUS_VERSION:
        problems.append(f"{folder}: scored on corpus {rec['dataset']['version']}, corpus is {CORPUS_VERSION}")
    try:
        scores, ci = _score(rec["dataset"]["config"], rec["dataset"]["split"], pred,
                            rec["scorer"]["lenient_threshold"])
    except FileNotFoundError as exc:
        if rec["dataset"]["config"] == "default":
            raise
        print(f"note: {folder.name} not re-scored: {exc}", file=sys.stderr)
        return problems
    for key in sorted(set(scores) | set(rec["scores"])):
        if not _same(scores.get(key), rec["scores"].get(key)):
            problems.append(f"{folder}: score {key} stored {rec['scores'].get(key)!r}, re-scored {scores.get(key)!r}")
    if not _same(ci, rec["ci"]):
        problems.append(f"{folder}: stored confidence intervals differ from a re-score")
    return problems


def leaderboard_path() -> Path:
    """``<repo>/LEADERBOARD.md``."""
    return paths.REPO_ROOT / "LEADERBOARD.md"


def write_leaderboard(root: Path | None = None, out: Path | None = None) -> Path:
    """Render the submissions under ``root`` into ``out`` (default ``LEADERBOARD.md``)."""
    from .leaderboard_md import render

    out = out or leaderboard_path()
    out.write_text(render(load_submissions(root)), encoding="utf-8")
    return out


def check(root: Path | None = None, out: Path | None = None, *, progress: bool = True) -> list[str]:
    """Re-score every submission and compare the page with a fresh rendering; return problems."""
    from tqdm import tqdm

    from .leaderboard_md import render

    entries = load_submissions(root)
    problems = []
    for folder, rec in tqdm(entries, desc="re-scoring submissions", disable=not progress):
        problems.extend(verify(folder, rec))
    out = out or leaderboard_path()
    if not out.exists() or out.read_text(encoding="utf-8") != render(entries):
        problems.append(f"{out}: differs from the rendering of the submissions; run 'attribench leaderboard'")
    return problems
