"""PolNeAR converter: hand-written brat files (our own sentences) and, when present, the real copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmark.convert import polnear
from benchmark.convert.polnear import convert, ensure_converted, parse_ann
from benchmark.loader import load_dataset, read_split
from benchmark.validate import validate

BRAT = Path(__file__).parent / "fixtures" / "brat"
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "polnear"


def test_parse_ann_skips_continuation_lines_and_notes() -> None:
    spans, events = parse_ann(BRAT / "data/train/attributions/local_2016-01-01_tram_4e07.ann")
    assert spans["T5"] == ("Content", [(65, 84), (112, 124)])
    assert spans["T12"] == ("Discard", [(17, 26)])  # its text ran over two physical lines
    assert events[2] == {"Attribution-no-source": "T11", "Content": "T9", "Cue": "T10"}


def test_convert_mapping(tmp_path: Path) -> None:
    report = convert(BRAT, tmp_path)
    assert report.articles == {"train": 1, "validation": 1, "test": 1}
    assert report.attributions == 5 and report.no_source == 1 and report.discontinuous_content == 1
    assert report.multi_annotator_articles == 1
    assert any("parc3-replication" in s for s in report.skipped)
    (art,) = read_split("train", data_dir=tmp_path)
    q1, q2, q3 = art["quotes"]
    assert (q1["type"], q1["content"][0]["text"], q1["speaker"]["mention"]["text"]) == (
        "indirect", "the tram would run by May", "The mayor")  # annotator 4e07, not d473
    assert [s["text"] for s in q2["content"]] == ['"It will be quick,"', '"and cheap."']
    assert q2["type"] == "direct" and q2["attributes"]["split"] and q2["cue"]["text"] == "told"
    assert q3["speaker"] is None and q3["cue"]["text"] == "according to"
    assert all(q["targets"] == [] for q in art["quotes"])
    assert [e["name"] for e in art["entities"]] == ["The mayor", "Ines Varga"]
    (t,) = read_split("test", data_dir=tmp_path)
    assert t["quotes"][0]["type"] == "mixed" and t["quotes"][0]["attributes"]["speaker_kind"] == "pronoun"
    assert validate(tmp_path) == []


def test_loader_converts_once_then_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "cache"
    ds = load_dataset("polnear", source=BRAT, data_dir=out)
    assert [len(ds[s]) for s in ("train", "validation", "test")] == [1, 1, 1]
    stamp = (out / "conversion.json").stat().st_mtime_ns
    assert ensure_converted(None, out) == out and (out / "conversion.json").stat().st_mtime_ns == stamp
    monkeypatch.delenv("ATTRIBENCH_POLNEAR", raising=False)
    monkeypatch.setattr(polnear, "default_source", lambda: None)
    with pytest.raises(FileNotFoundError, match="pass source="):
        ensure_converted(None, tmp_path / "empty")


def test_default_source_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTRIBENCH_POLNEAR", str(BRAT))
    assert polnear.default_source() == BRAT
    assert ensure_converted(None, tmp_path / "out") == tmp_path / "out"
    assert len(read_split("test", data_dir=tmp_path / "out")) == 1


def test_not_a_clone(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a PolNeAR clone"):
        convert(tmp_path, tmp_path / "out")


@pytest.mark.skipif(not REAL.is_dir(), reason="no PolNeAR copy at ../shared/corpora/polnear")
def test_real_polnear_counts_and_spans(tmp_path: Path) -> None:
    report = convert(REAL, tmp_path)
    assert report.articles == {"train": 840, "validation": 84, "test": 84}
    assert report.multi_annotator_articles == 20
    assert 23_000 < report.attributions < 25_000
    assert validate(tmp_path) == []
    stamp = json.loads((tmp_path / "conversion.json").read_text())
    assert stamp["report"]["attributions"] == report.attributions
    for split in ("train", "validation", "test"):
        for art in read_split(split, data_dir=tmp_path):
            for q in art["quotes"]:
                for s in q["content"]:
                    assert art["text"][s["start"]:s["end"]] == s["text"]
