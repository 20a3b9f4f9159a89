"""Inter-annotator agreement: a blind second annotation pass scored against gold.

The second pass lives in ``data/agreement/second-pass/<id>.txt`` (the same annotated
source format as ``data/source``), written by annotators who saw only the raw text
and ``GUIDELINES.md``. ``data/agreement/gold-before/<id>.txt`` keeps the gold of those
articles as it was *before* adjudication, so both figures can always be recomputed:
second pass vs gold before adjudication, and vs the current (adjudicated) gold.

Agreement is measured with the project's own scorer, treating the second pass as
predictions (:func:`as_prediction`): quote content exact and lenient F1, speaker
accuracy (entity level, on leniently matched quotes), cue exact F1 and target F1
(entity level, attached to matched quotes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import paths
from .source import read_source

METRICS = [  # (flat scorer key, label)
    ("content_exact_f", "content exact F1"),
    ("content_lenient_f", "content lenient F1"),
    ("speaker_entity_acc", "speaker accuracy (entity)"),
    ("speaker_strict_acc", "speaker accuracy (strict span)"),
    ("cue_exact_f", "cue exact F1"),
    ("target_entity_f", "target F1 (entity)"),
    ("target_exact_f", "target exact F1"),
    ("main_score", "attribution F1"),
]


def agreement_dir(root: Path | None = None) -> Path:
    """``data/agreement``."""
    return (root or paths.data_dir()) / "agreement"


def as_prediction(article: dict[str, Any]) -> dict[str, Any]:
    """An annotated article as a predictions line (entity links dropped, as a system would)."""
    return {"id": article["id"], "quotes": [
        {"content": q["content"], "cue": q["cue"],
         "speaker": q["speaker"]["mention"] if q["speaker"] else None,
         "targets": [t["mention"] for t in q["targets"]]}
        for q in article["quotes"]]}


def _compile(folder: Path) -> dict[str, dict[str, Any]]:
    return {f.stem: read_source(f) for f in sorted(folder.glob("*.txt"))}


def agreement_scores(gold: list[dict[str, Any]], second: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Score the second pass (``id -> article``) against ``gold`` articles of the same ids."""
    from .scorer import score

    if {a["id"] for a in gold} != set(second):
        raise ValueError("gold and second pass must cover the same articles")
    for a in gold:
        if a["text"] != second[a["id"]]["text"]:
            raise ValueError(f"{a['id']}: second-pass text differs from the gold text")
    report = score(gold, {k: as_prediction(v) for k, v in second.items()}, slices=False)
    flat = report.flat()
    return {k: flat[k] for k, _ in METRICS} | {"n_gold_quotes": flat["n_gold_quotes"],
                                                "n_pred_quotes": flat["n_pred_quotes"]}


def compute(root: Path | None = None) -> dict[str, Any] | None:
    """Agreement before and after adjudication, or ``None`` when there is no second pass."""
    base = agreement_dir(root)
    second = _compile(base / "second-pass") if (base / "second-pass").is_dir() else {}
    if not second:
        return None
    before = _compile(base / "gold-before")
    after = {aid: read_source(paths.source_dir(root) / f"{aid}.txt") for aid in second}
    from .build import read_splits

    splits = read_splits(root)
    return {
        "adjudication": adjudication_counts(base / "adjudication"),
        "articles": len(second),
        "by_split": {s: sum(splits.get(a) == s for a in second) for s in ("train", "validation", "test")},
        "before": agreement_scores([before[a] for a in sorted(second)], second),
        "after": agreement_scores([after[a] for a in sorted(second)], second),
    }


VERDICTS = ("gold-fixed", "gold-correct", "both-acceptable", "guideline-unclear")


def adjudication_counts(folder: Path) -> dict[str, dict[str, int]]:
    """``{verdict: {field: n}}`` from the adjudication logs (``<id>.tsv``: gold quote, second quote,
    field, verdict, reason; one line per disagreement)."""
    counts: dict[str, dict[str, int]] = {v: {} for v in VERDICTS}
    for f in sorted(folder.glob("*.tsv")):
        for no, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) < 4 or parts[3] not in counts:
                raise ValueError(f"{f}:{no}: expected gold id, second id, field, verdict, reason")
            counts[parts[3]][parts[2]] = counts[parts[3]].get(parts[2], 0) + 1
    return counts


def render_markdown(result: dict[str, Any] | None) -> str:
    """The agreement table for the dataset card."""
    if result is None:
        return "No second annotation pass yet."

    def pct(v: Any) -> str:
        return "n/a" if v is None else f"{100 * v:.1f}"

    bs = result["by_split"]
    lines = [
        f"{result['articles']} articles ({bs['train']} train, {bs['validation']} validation, {bs['test']} test) "
        "were annotated a second time, blind (the annotator saw only the raw text and `GUIDELINES.md`), "
        "and scored against gold with the attribench scorer (`attribench agreement` recomputes this table). "
        f"Gold has {result['after']['n_gold_quotes']} quotes in these articles, the second pass "
        f"{result['after']['n_pred_quotes']}.",
        "",
        "| metric | vs gold before adjudication | vs adjudicated gold |",
        "|---|---|---|",
    ]
    lines += [f"| {label} | {pct(result['before'][k])} | {pct(result['after'][k])} |" for k, label in METRICS]
    adj = result.get("adjudication") or {}
    if any(adj.values()):
        fields = sorted({f for v in adj.values() for f in v})
        lines += ["", "Adjudication of every disagreement (lines in `agreement/adjudication/*.tsv`):", "",
                  "| verdict | " + " | ".join(fields) + " | total |", "|---|" + "---|" * (len(fields) + 1)]
        lines += [f"| {v} | " + " | ".join(str(adj[v].get(f, 0)) for f in fields) + f" | {sum(adj[v].values())} |"
                  for v in VERDICTS]
    return "\n".join(lines)
