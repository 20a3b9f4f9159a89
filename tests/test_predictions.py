"""Reading and validating predictions files: one regression test per bad-input kind."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from scorer_fixtures import SIMPLE, SPLIT, perfect

from benchmark.predictions import (
    DuplicateArticle,
    MalformedError,
    OffsetError,
    PredictionError,
    SchemaViolation,
    SpanTextMismatch,
    UnknownArticle,
    read_predictions,
)
from benchmark.scorer import score

GOLD = [SIMPLE, SPLIT]


def write(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


def quote(start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {"content": [{"start": start, "end": end, **extra}]}


def test_reads_plain_and_gzip(tmp_path: Path) -> None:
    lines = [perfect(SIMPLE), {"id": SPLIT["id"], "quotes": [{"content": [{"start": 24, "end": 36,
                                                                           "text": '"We waited,"'}]}]}]
    plain = write(tmp_path / "p.jsonl", lines[:1] + [""] + lines[1:])  # a blank line is ignored
    zipped = tmp_path / "p.jsonl.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, zipped):
        got = read_predictions(path, GOLD)
        assert list(got) == ["ab-0001", "ab-0002"] and got["ab-0001"] == perfect(SIMPLE)


def test_missing_gold_articles_are_not_an_error(tmp_path: Path) -> None:
    got = read_predictions(write(tmp_path / "p.jsonl", [perfect(SIMPLE)]), GOLD)
    assert list(got) == ["ab-0001"]
    assert read_predictions(write(tmp_path / "e.jsonl", []), GOLD) == {}


BAD: list[tuple[str, list[Any], type[PredictionError], int, int, str | None, str]] = [
    # (case, lines, error, exit code, line number, article id, words in the message)
    ("malformed json", [perfect(SIMPLE), '{"id": "ab-0002", "quotes": [}'], MalformedError, 3, 2, None,
     "invalid JSON"),
    ("not an object", ["[1, 2]"], SchemaViolation, 4, 1, None, "expected object"),
    ("missing field", [{"id": "ab-0001"}], SchemaViolation, 4, 1, "ab-0001", "missing field 'quotes'"),
    ("extra field", [{"id": "ab-0001", "quotes": [], "score": 1}], SchemaViolation, 4, 1, "ab-0001",
     "unexpected field 'score'"),
    ("string offset", [{"id": "ab-0001", "quotes": [{"content": [{"start": "3", "end": 9}]}]}],
     SchemaViolation, 4, 1, "ab-0001", "$.quotes[0].content[0].start: expected int"),
    ("offset past the end", [{"id": "ab-0001", "quotes": [quote(20, 999)]}], OffsetError, 5, 1, "ab-0001",
     "quotes[0].content[0] [20:999] lies outside the text"),
    ("negative offset", [{"id": "ab-0001", "quotes": [{"content": [], "cue": {"start": -1, "end": 2}}]}],
     OffsetError, 5, 1, "ab-0001", "quotes[0].cue [-1:2]"),
    ("inverted span", [{"id": "ab-0001", "quotes": [quote(30, 20)]}], OffsetError, 5, 1, "ab-0001",
     "is inverted"),
    ("text differs", [{"id": "ab-0001", "quotes": [quote(20, 25, text="Hello")]}], SpanTextMismatch, 6, 1,
     "ab-0001", "text 'Hello' != slice"),
    ("unknown id", [perfect(SIMPLE), {"id": "ab-9999", "quotes": []}], UnknownArticle, 7, 2, "ab-9999",
     "not in the gold set"),
    ("duplicate id", [perfect(SIMPLE), "", perfect(SIMPLE)], DuplicateArticle, 8, 3, "ab-0001",
     "more than one line"),
]


@pytest.mark.parametrize("case", BAD, ids=[b[0] for b in BAD])
def test_bad_input_kinds(tmp_path: Path, case: tuple[Any, ...]) -> None:
    _, lines, error, code, line_no, aid, words = case
    path = write(tmp_path / "p.jsonl", lines)
    with pytest.raises(error) as info:
        read_predictions(path, GOLD)
    exc = info.value
    assert isinstance(exc, PredictionError) and exc.exit_code == code
    assert (exc.file, exc.line, exc.article_id) == (str(path), line_no, aid)
    assert words in exc.message and "\n" not in str(exc)
    assert str(exc) == f"{path}:{line_no}: {aid or '-'}: {exc.message}"


def test_exit_codes_are_distinct() -> None:
    codes = [c.exit_code for c in (MalformedError, SchemaViolation, OffsetError, SpanTextMismatch,
                                   UnknownArticle, DuplicateArticle)]
    assert codes == [3, 4, 5, 6, 7, 8]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(MalformedError) as info:
        read_predictions(tmp_path / "absent.jsonl", GOLD)
    assert info.value.line is None and "cannot read" in info.value.message
    bad_gz = tmp_path / "p.jsonl.gz"
    bad_gz.write_bytes(b"this is not gzip")
    with pytest.raises(MalformedError):
        read_predictions(bad_gz, GOLD)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(json.dumps(perfect(SIMPLE)).encode() + b"\n\xff\xfe\n")
    with pytest.raises(MalformedError) as info:
        read_predictions(latin, GOLD)
    assert info.value.line == 2


def test_score_rejects_unknown_ids_and_bad_offsets() -> None:
    with pytest.raises(UnknownArticle) as info:
        score(GOLD, {"ab-9999": {"id": "ab-9999", "quotes": []}})
    assert info.value.exit_code == 7 and info.value.article_id == "ab-9999"
    with pytest.raises(OffsetError) as off:
        score(GOLD, {"ab-0001": {"id": "ab-0001", "quotes": [quote(0, len(SIMPLE["text"]) + 1)]}})
    assert off.value.exit_code == 5
    with pytest.raises(OffsetError):
        score(GOLD, {"ab-0001": {"id": "ab-0001", "quotes": [{"content": [], "speaker": {"start": 9, "end": 3}}]}})
