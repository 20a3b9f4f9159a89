"""The score, validate-predictions and compare subcommands (thin wrappers over the library)."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from scorer_fixtures import SIMPLE, SPLIT, UNATTRIBUTED, line, perfect

from benchmark.cli_score import GOLD_ERROR_EXIT, add_parsers, load_gold
from benchmark.scorer import score

GOLD = [SIMPLE, SPLIT, UNATTRIBUTED]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="attribench")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def write_jsonl(path: Path, records: list[Any]) -> Path:
    data = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    corpus = tmp_path / "corpus"
    (corpus / "default").mkdir(parents=True)
    return {
        "gold": write_jsonl(tmp_path / "test.jsonl", GOLD),
        "folder": corpus,
        "folder_split": write_jsonl(corpus / "default" / "validation.jsonl", GOLD),
        "a": write_jsonl(tmp_path / "a.jsonl.gz", [perfect(SIMPLE), perfect(SPLIT)]),
        "b": write_jsonl(tmp_path / "b.jsonl", [line(SIMPLE)]),
    }


def test_score_prints_table_and_writes_flat_json(files: dict[str, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scores.json"
    assert run("score", str(files["gold"]), str(files["a"]), "-o", str(out), "--bootstrap", "50") == 0
    text = capsys.readouterr().out
    assert "main score (attribution F1)" in text and "95% CI" in text and "article slice genre" in text
    assert "quote slice speaker_kind" in text and "ab-0003" in text.splitlines()[-1]
    written = json.loads(out.read_text())
    expected = score(GOLD, {SIMPLE["id"]: perfect(SIMPLE), SPLIT["id"]: perfect(SPLIT)},
                     bootstrap=50).flat()
    assert written == json.loads(json.dumps(expected))
    assert written["main_score"] == 4 / 5 and written["missing_ids"] == ["ab-0003"]


def test_score_options_and_corpus_folder(files: dict[str, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.json"
    assert run("score", str(files["folder"]), str(files["a"]), "--split", "validation", "--bootstrap", "0",
               "--lenient-threshold", "0.9", "--seed", "3", "-o", str(out)) == 0
    written = json.loads(out.read_text())
    assert written["lenient_threshold"] == 0.9 and "ci" not in written
    assert "95% CI" not in capsys.readouterr().out


def test_validate_predictions_ok(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run("validate-predictions", str(files["gold"]), str(files["a"])) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("OK:") and "2 prediction lines" in out and "1 without a prediction line" in out
    assert len(out.splitlines()) == 1


@pytest.mark.parametrize("lines,code", [
    (['{"id": '], 3),
    ([{"id": "ab-0001"}], 4),
    ([{"id": "ab-0001", "quotes": [{"content": [{"start": 5, "end": 500}]}]}], 5),
    ([{"id": "ab-0001", "quotes": [{"content": [{"start": 0, "end": 5, "text": "Nope!"}]}]}], 6),
    ([{"id": "zz-1", "quotes": []}], 7),
    ([{"id": "ab-0001", "quotes": []}, {"id": "ab-0001", "quotes": []}], 8),
])
def test_validate_predictions_errors(files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     lines: list[Any], code: int) -> None:
    pred = write_jsonl(tmp_path / "bad.jsonl", lines)
    for cmd in ("validate-predictions", "score"):
        assert run(cmd, str(files["gold"]), str(pred)) == code
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith(f"attribench: error: {pred}:")


def test_gold_errors(tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run("score", str(tmp_path / "nowhere.jsonl"), str(files["a"])) == GOLD_ERROR_EXIT
    assert "gold file not found" in capsys.readouterr().err
    assert run("score", str(files["folder"]), str(files["a"])) == GOLD_ERROR_EXIT  # no default/test.jsonl
    dup = write_jsonl(tmp_path / "dup.jsonl", [SIMPLE, SIMPLE])
    assert run("validate-predictions", str(dup), str(files["a"])) == GOLD_ERROR_EXIT
    assert load_gold(files["folder"], "validation") == GOLD


def test_compare(files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cmp.json"
    assert run("compare", str(files["gold"]), str(files["a"]), str(files["b"]), "--resamples", "100",
               "-o", str(out)) == 0
    text = capsys.readouterr().out
    assert "delta (A - B)" in text and "p = " in text
    res = json.loads(out.read_text())
    assert res["delta"] == 4 / 5 and res["resamples"] == 100
