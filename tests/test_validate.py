"""Each validator rule fires on a copy of a valid article corrupted in exactly that way."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmark.build import build
from benchmark.validate import check_article, near_duplicates, validate


def _q(a: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in a["quotes"] if q["id"] == qid)


def corrupt_schema(a):  # type: ignore[no-untyped-def]
    a["quotes"][0]["type"] = "reported"


def corrupt_offsets(a):  # type: ignore[no-untyped-def]
    a["quotes"][0]["content"][0]["end"] = len(a["text"]) + 5


def corrupt_span_text(a):  # type: ignore[no-untyped-def]
    a["quotes"][0]["cue"]["text"] = "says"


def corrupt_duplicate_id(a):  # type: ignore[no-untyped-def]
    a["quotes"][1]["id"] = a["quotes"][0]["id"]
    a["quotes"][1]["nested_in"] = None


def corrupt_reference(a):  # type: ignore[no-untyped-def]
    a["quotes"][0]["speaker"]["entity"] = "ghost"


def corrupt_nesting(a):  # type: ignore[no-untyped-def]
    _q(a, "q4")["nested_in"] = "q1"


def corrupt_overlap(a):  # type: ignore[no-untyped-def]
    _q(a, "q4")["nested_in"] = None  # q4 lies inside q3: now same level, sharing characters


def corrupt_mention(a):  # type: ignore[no-untyped-def]
    _q(a, "q2")["targets"][0]["entity"] = "park"


def corrupt_targets(a):  # type: ignore[no-untyped-def]
    q = _q(a, "q2")
    q["targets"] = q["targets"] * 4


def corrupt_distractor(a):  # type: ignore[no-untyped-def]
    q = _q(a, "q2")  # the mixed quote 'the result "a statement" from the club'
    start = a["text"].index('"a statement"')
    a["distractors"].append({"start": start, "end": start + 13, "text": '"a statement"', "kind": "scare"})
    assert q["content"][0]["start"] <= start


def corrupt_title(a):  # type: ignore[no-untyped-def]
    a["title"] = "Another headline"


def corrupt_marks(a):  # type: ignore[no-untyped-def]
    q = a["quotes"][0]  # direct: '"We couldn't see the far bank,"' -> drop the closing mark
    s = q["content"][0]
    s["end"] -= 1
    s["text"] = a["text"][s["start"]:s["end"]]
    q["content"] = [s]


def corrupt_untagged(a):  # type: ignore[no-untyped-def]
    ent = next(e for e in a["entities"] if e["id"] == "park")
    ent["mentions"] = [m for m in ent["mentions"] if m["text"] != "Park" or m["start"] < 250]
    for q in a["quotes"]:
        if q["speaker"] and q["speaker"]["entity"] == "park" and q["speaker"]["mention"]["start"] >= 250:
            q["speaker"] = None
    ent["name"] = "Park"


CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "schema": corrupt_schema,
    "offsets": corrupt_offsets,
    "span-text": corrupt_span_text,
    "duplicate-id": corrupt_duplicate_id,
    "reference": corrupt_reference,
    "nesting": corrupt_nesting,
    "overlap": corrupt_overlap,
    "mention": corrupt_mention,
    "targets": corrupt_targets,
    "distractor": corrupt_distractor,
    "title": corrupt_title,
    "marks": corrupt_marks,
    "untagged": corrupt_untagged,
}


def test_fixture_is_valid(article: dict[str, Any]) -> None:
    assert check_article(article) == []


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_fires(article: dict[str, Any], rule: str) -> None:
    bad = copy.deepcopy(article)
    CASES[rule](bad)
    problems = check_article(bad, where="f.jsonl")
    assert problems, rule
    assert {p.rule for p in problems} == {rule}
    line = str(problems[0])
    assert line.startswith("f.jsonl: ab-8002") and f": {rule}: " in line and "\n" not in line


def _write_corpus(root: Path, splits: dict[str, list[dict[str, Any]]]) -> None:
    for split, arts in splits.items():
        (root / "default").mkdir(parents=True, exist_ok=True)
        (root / "default" / f"{split}.jsonl").write_text(
            "".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")


def test_split_overlap_and_near_duplicates(tmp_path: Path, article: dict[str, Any]) -> None:
    twin = copy.deepcopy(article)
    twin["id"] = "ab-8003"
    _write_corpus(tmp_path, {"train": [article], "validation": [copy.deepcopy(article)], "test": [twin]})
    rules = sorted(p.rule for p in validate(tmp_path))
    # ab-8002 is in train and validation (one id, so one near-duplicate pair with its twin)
    assert rules == ["near-duplicate", "split-overlap"]


def test_near_duplicate_threshold_hand_computed() -> None:
    a = {"id": "a", "text": "one two three four five six"}   # 5-grams: {1-5, 2-6}
    b = {"id": "b", "text": "one two three four five seven"}  # {1-5, 2-7}: Jaccard 1/3
    assert near_duplicates([a, b], threshold=0.3) == [("a", "b", pytest.approx(1 / 3))]
    assert near_duplicates([a, b], threshold=0.34) == []


def test_built_mini_corpus_validates(mini_corpus: Path) -> None:
    build(mini_corpus)
    assert validate(mini_corpus) == []


def test_malformed_split_line_is_reported(mini_corpus: Path) -> None:
    build(mini_corpus)
    path = mini_corpus / "default" / "train.jsonl"
    path.write_text(path.read_text() + "{not json\n")
    problems = validate(mini_corpus)
    assert [p.rule for p in problems] == ["schema"] and "train.jsonl:2" in str(problems[0])
