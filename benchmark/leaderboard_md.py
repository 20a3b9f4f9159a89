"""Render ``LEADERBOARD.md`` from the submission records (never edited by hand)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from . import CORPUS_VERSION

HOW_TO_SUBMIT = """\
# attribench leaderboard

**How to submit, in three steps**

1. Run your system on the test split and write one JSON line per article:
   `{"id": ..., "quotes": [{"content": [{"start", "end"}], "speaker": {...} | null, "cue": ... | null,
   "targets": [...]}]}` (half-open character offsets; JSON Schema in `data/schema/predictions.schema.json`).
2. `attribench submit preds.jsonl --name "My system" --authors "Ada Lovelace" --description "..."`
   validates the file, scores it (1,000 bootstrap resamples, seed 0) and writes `submissions/<slug>/`.
3. `attribench leaderboard` re-renders this page; open a pull request with the folder and this page.
   CI runs `attribench leaderboard --check`, which re-scores every stored prediction file.

Every number on this page is written by the tool and re-computed by `attribench leaderboard --check`.
Scores are percentages; brackets give the 95% bootstrap interval over articles.
"""

REFERENCE_POINTS = """\
## Reference points on other corpora (not comparable with the tables above)

| system | corpus | figures |
|---|---|---|
| BBC Citron (rules + ML) | PARC 3.0 | content F 59.3 exact / 83.3 token overlap; source 82.0; cue 82.3 (exact) |
| GenderGapTracker quote extractor (rules, 2021) | its own news sample | quote F1 83.7 at 0.3 overlap |

These come from the systems' own publications; corpora, guidelines and match definitions differ.
"""


def _pct(v: Any) -> str:
    return "n/a" if v is None else f"{100 * v:.1f}"


def _ci(rec: dict[str, Any], key: str) -> str:
    ci = rec.get("ci", {}).get("intervals", {}).get(key)
    if not ci:
        return ""
    return f" [{_pct(ci[0])}, {_pct(ci[1])}]"


def _secs(v: Any) -> str:
    if not v:
        return "-"
    return f"{v / 60:.1f} min" if v >= 120 else f"{v:.1f} s"


def render(entries: list[tuple[Path, dict[str, Any]]]) -> str:
    """The full ``LEADERBOARD.md`` text for ``(folder, record)`` entries."""
    from .leaderboard import KEY_METRICS

    groups: dict[tuple[str, str], list[tuple[Path, dict[str, Any]]]] = defaultdict(list)
    for folder, rec in entries:
        groups[(rec["dataset"]["config"], rec["dataset"]["split"])].append((folder, rec))
    parts = [HOW_TO_SUBMIT]
    for (config, split), items in sorted(groups.items()):
        items.sort(key=lambda e: (-(e[1]["scores"].get("main_score") or 0.0), e[1]["system"]["name"]))
        n = items[0][1]["predictions"]["articles"]
        origin = (f"attribench corpus {CORPUS_VERSION}" if config == "default"
                  else "converted locally from the user's own copy; never redistributed")
        parts.append(f"## Config `{config}`, {split} split ({origin})\n")
        head = ["#", "System", "Attribution F1 (main)", *(t for _, t in KEY_METRICS), "Trained on",
                "Hardware", "Train / predict"]
        rows = []
        for rank, (_, rec) in enumerate(items, 1):
            s, sysd, run = rec["scores"], rec["system"], rec["run"]
            name = f"[{sysd['name']}]({sysd['url']})" if sysd.get("url") else sysd["name"]
            if sysd["baseline"]:
                name += " (baseline)"
            rows.append([
                str(rank), name, f"**{_pct(s.get('main_score'))}**{_ci(rec, 'main_score')}",
                *(_pct(s.get(k)) + _ci(rec, k) for k, _ in KEY_METRICS),
                sysd["training_data"], run.get("hardware") or "-",
                f"{_secs(run.get('train_seconds'))} / {_secs(run.get('inference_seconds'))}",
            ])
        parts.append("| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n"
                     + "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n")
        notes = []
        for folder, rec in items:
            run = rec["run"]
            line = f"- **{rec['system']['name']}** (`{folder.name}`): {rec['system']['description']}"
            if run.get("command"):
                line += f" Command: `{run['command']}`."
            if run.get("notes"):
                line += f" {run['notes']}"
            notes.append(line)
        parts.append("\n".join(notes) + f"\n\nScored on {n} articles.\n")
    cross = _cross_corpus(entries)
    if cross:
        parts.append(cross)
    parts.append(REFERENCE_POINTS)
    return "\n".join(parts)


def _cross_corpus(entries: list[tuple[Path, dict[str, Any]]]) -> str:
    """Best main score per (training data, test config) for the transformer-style systems."""
    cells: dict[tuple[str, str], float] = {}
    for _, rec in entries:
        if rec["dataset"]["split"] != "test" or rec["system"]["training_data"] == "none":
            continue
        key = (rec["system"]["training_data"], rec["dataset"]["config"])
        v = rec["scores"].get("main_score")
        if v is not None:
            cells[key] = max(cells.get(key, 0.0), v)
    trains = sorted({t for t, _ in cells})
    tests = sorted({c for _, c in cells})
    if len(tests) < 2:
        return ""
    lines = ["## Cross-corpus matrix (best attribution F1 on each test split; `default` is attribench)\n",
             "| trained on \\ tested on | " + " | ".join(tests) + " |", "|---|" + "---|" * len(tests)]
    for t in trains:
        lines.append(f"| {t} | " + " | ".join(_pct(cells.get((t, c))) for c in tests) + " |")
    lines.append("\nEach cell is the best row above for that pair; the rows say on what hardware and with what "
                 "training budget each was obtained.")
    return "\n".join(lines) + "\n"
