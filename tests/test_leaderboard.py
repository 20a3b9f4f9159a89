"""Leaderboard records are written by the tool and every stored number re-computes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from baselines.rules import predict
from benchmark.build import build
from benchmark.leaderboard import SubmissionError, check, load_submissions, make_submission, write_leaderboard
from benchmark.leaderboard_md import render
from benchmark.loader import read_split
from benchmark.predictions import UnknownArticle


@pytest.fixture
def corpus(mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build(mini_corpus)
    monkeypatch.setenv("ATTRIBENCH_DATA", str(mini_corpus))
    return mini_corpus


def _preds(tmp_path: Path, lines: list[dict[str, Any]]) -> Path:
    p = tmp_path / "preds.jsonl"
    p.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return p


def _perfect(split: str = "test") -> list[dict[str, Any]]:
    out = []
    for a in read_split(split):
        quotes = [{"content": q["content"], "cue": q["cue"],
                   "speaker": q["speaker"]["mention"] if q["speaker"] else None,
                   "targets": [t["mention"] for t in q["targets"]]} for q in a["quotes"]]
        out.append({"id": a["id"], "quotes": quotes})
    return out


def _submit(tmp_path: Path, lines: list[dict[str, Any]], name: str, root: Path) -> Path:
    return make_submission(_preds(tmp_path, lines), name=name, description="test system.", authors=["A. Tester"],
                           root=root, run={"hardware": "2-core CPU", "command": "attribench baseline rules"})


def test_submit_render_and_check(corpus: Path, tmp_path: Path) -> None:
    root, page = tmp_path / "subs", tmp_path / "LEADERBOARD.md"
    _submit(tmp_path, _perfect(), "Oracle", root)
    _submit(tmp_path, predict(read_split("test")), "Rules", root)
    entries = load_submissions(root)
    oracle = next(r for _, r in entries if r["system"]["name"] == "Oracle")
    assert oracle["scores"]["main_score"] == 1.0 and oracle["schema_version"] == "1.0"
    assert oracle["ci"]["intervals"]["main_score"] == [1.0, 1.0]
    write_leaderboard(root, page)
    text = page.read_text()
    assert text.startswith("# attribench leaderboard") and "**How to submit, in three steps**" in text
    assert text.index("| 1 | Oracle") < text.index("| 2 | Rules")
    assert check(root, page, progress=False) == []


def test_tampered_score_fails_check(corpus: Path, tmp_path: Path) -> None:
    root, page = tmp_path / "subs", tmp_path / "LEADERBOARD.md"
    folder = _submit(tmp_path, predict(read_split("test")), "Rules", root)
    write_leaderboard(root, page)
    rec = json.loads((folder / "submission.json").read_text())
    rec["scores"]["main_score"] = 0.99
    (folder / "submission.json").write_text(json.dumps(rec))
    problems = check(root, page, progress=False)
    assert any("score main_score stored 0.99" in p for p in problems)
    assert any("LEADERBOARD.md: differs" in p for p in problems)


def test_tampered_predictions_fail_check(corpus: Path, tmp_path: Path) -> None:
    root, page = tmp_path / "subs", tmp_path / "LEADERBOARD.md"
    folder = _submit(tmp_path, _perfect(), "Oracle", root)
    write_leaderboard(root, page)
    with gzip.open(folder / "predictions.jsonl.gz", "wt") as fh:
        fh.write(json.dumps({"id": "ab-8002", "quotes": []}) + "\n")
    problems = check(root, page, progress=False)
    assert any("sha256 differs" in p for p in problems)
    assert any("score main_score stored 1.0, re-scored 0.0" in p for p in problems)


def test_invalid_predictions_are_never_stored(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "subs"
    with pytest.raises(UnknownArticle):
        _submit(tmp_path, [{"id": "ab-9999", "quotes": []}], "Bad", root)
    assert not root.exists() or not any(root.iterdir())


def test_existing_submission_is_not_overwritten(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "subs"
    _submit(tmp_path, _perfect(), "Oracle", root)
    with pytest.raises(SubmissionError, match="exists"):
        _submit(tmp_path, _perfect(), "Oracle", root)


def test_render_is_a_pure_function_of_the_records(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "subs"
    _submit(tmp_path, _perfect(), "Oracle", root)
    assert render(load_submissions(root)) == render(load_submissions(root))


def test_repository_leaderboard_recomputes() -> None:
    """Every stored submission re-scores to its stored numbers and LEADERBOARD.md is current."""
    assert check(progress=False) == []


def test_error_analysis_is_current() -> None:
    import subprocess
    import sys

    from benchmark import paths

    out = subprocess.run([sys.executable, str(paths.REPO_ROOT / "scripts" / "error_analysis.py")],
                         capture_output=True, text=True, check=True).stdout
    assert (paths.REPO_ROOT / "baselines" / "ERROR_ANALYSIS.md").read_text() == out
