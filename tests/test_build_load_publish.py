"""Build determinism, split assignment, typed loading and the Hub publish path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datasets
import pytest

from benchmark import paths
from benchmark.build import assign_new, build, read_splits
from benchmark.loader import load_dataset, read_split
from benchmark.publish import publish
from benchmark.schema import ARTICLE, PREDICTION, SPLITS, to_features, to_json_schema
from benchmark.source import SourceError


def test_committed_corpus_equals_fresh_build() -> None:
    assert build(paths.data_dir(), check=True) == []


def test_build_is_deterministic_and_idempotent(mini_corpus: Path) -> None:
    assert len(build(mini_corpus)) == 6  # 3 splits, 2 schemas, card
    first = {p: p.read_text() for p in (mini_corpus / "default").glob("*.jsonl")}
    assert build(mini_corpus) == []
    assert first == {p: p.read_text() for p in (mini_corpus / "default").glob("*.jsonl")}
    assert [a["id"] for a in read_split("test", data_dir=mini_corpus)] == ["ab-8002"]


def test_build_rejects_unassigned_and_missing(mini_corpus: Path) -> None:
    (mini_corpus / "splits.tsv").write_text("ab-8001\ttrain\n")
    with pytest.raises(SourceError, match="ab-8002 has no split"):
        build(mini_corpus)
    (mini_corpus / "splits.tsv").write_text("ab-8001\ttrain\nab-8002\ttest\nab-8003\ttest\nab-8009\ttest\n")
    with pytest.raises(SourceError, match="ab-8009 is assigned but"):
        build(mini_corpus)


def test_first_forty_split_28_6_6_stratified() -> None:
    genres = {f"ab-{i:04d}": ["wire", "sport", "local", "court"][i % 4] for i in range(1, 41)}
    out = assign_new(genres, {}, {"train": 0.70, "validation": 0.15, "test": 0.15})
    counts = {s: sum(v == s for v in out.values()) for s in SPLITS}
    assert counts == {"train": 28, "validation": 6, "test": 6}
    for g in ("wire", "sport", "local", "court"):  # every genre reaches train and an evaluation split
        splits = {out[i] for i, gg in genres.items() if gg == g}
        assert "train" in splits and splits & {"validation", "test"}


def test_assignment_keeps_frozen_lines() -> None:
    fixed = {"ab-0001": "test"}
    out = assign_new({"ab-0001": "wire", "ab-0002": "wire"}, fixed, {"train": 1.0, "validation": 0.0, "test": 0.0})
    assert out == {"ab-0001": "test", "ab-0002": "train"}


def test_repository_corpus_loads_typed() -> None:
    ds = load_dataset()
    assert set(ds) == set(SPLITS)
    assert ds["train"].features == to_features()
    raw = read_split("test")
    assert len(ds["test"]) == len(raw)
    assert ds["test"][0]["quotes"] == raw[0]["quotes"]
    assert [len(ds[s]) for s in SPLITS] == [sum(1 for v in read_splits().values() if v == s) for s in SPLITS]


def test_plain_datasets_load_dataset_on_the_folder() -> None:
    ds = datasets.load_dataset(str(paths.data_dir()))
    assert ds["validation"].features == to_features()


class FakeApi:
    """Records the calls that ``publish`` makes to ``huggingface_hub.HfApi``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def create_repo(self, repo_id: str, **kw: Any) -> None:
        self.calls.append(("create_repo", {"repo_id": repo_id, **kw}))

    def upload_folder(self, **kw: Any) -> None:
        self.calls.append(("upload_folder", kw))


def test_publish_dry_run_reads_back_identically(mini_corpus: Path, tmp_path: Path) -> None:
    build(mini_corpus)
    folder = publish("org/attribench", out=tmp_path / "hub", dry_run=True, data_dir=mini_corpus)
    back = datasets.load_dataset(str(folder))
    for s in SPLITS:
        assert back[s].features == to_features()
        assert back[s].to_list() == read_split(s, data_dir=mini_corpus)
    assert (folder / "GUIDELINES.md").exists()


def test_publish_uploads_through_the_api(mini_corpus: Path, tmp_path: Path) -> None:
    build(mini_corpus)
    api = FakeApi()
    folder = publish("org/attribench", out=tmp_path / "hub", api=api, data_dir=mini_corpus)
    assert [c[0] for c in api.calls] == ["create_repo", "upload_folder"]
    assert api.calls[0][1]["repo_type"] == "dataset"
    up = api.calls[1][1]
    assert up["repo_id"] == "org/attribench" and up["folder_path"] == str(folder) and up["repo_type"] == "dataset"
    with pytest.raises(ValueError, match="ORG/NAME"):
        publish("attribench", dry_run=True, data_dir=mini_corpus)


def test_json_schemas_are_generated_from_the_schema_module() -> None:
    art = json.loads((paths.data_dir() / "schema" / "article.schema.json").read_text())
    assert art["properties"].keys() == to_json_schema(ARTICLE)["properties"].keys()
    pred = json.loads((paths.data_dir() / "schema" / "predictions.schema.json").read_text())
    assert pred == to_json_schema(PREDICTION, title="attribench predictions line")
    assert pred["properties"]["quotes"]["items"]["required"] == ["content"]
