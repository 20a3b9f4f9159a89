"""Read and validate a predictions file against the gold articles.

A predictions file is JSONL (optionally gzip-compressed, ``.gz``): one line per article,
shaped like :data:`benchmark.schema.PREDICTION`. Spans are half-open character offsets
into the gold article's ``text``; a span's optional ``text`` must equal the slice.
Blank lines are ignored; line numbers are 1-based physical lines of the file.

Every problem is a typed :class:`PredictionError` carrying an exit code, the file, the
line number, the article id and a one-line message. Checks run in this order and the
first problem found is raised:

====  ==========================  ===============================================
code  exception                   meaning
====  ==========================  ===============================================
3     :class:`MalformedError`     file unreadable (missing, bad gzip, not UTF-8) or
                                  a line that is not valid JSON
4     :class:`SchemaViolation`    the line does not conform to ``schema.PREDICTION``
7     :class:`UnknownArticle`     the id is not a gold article
8     :class:`DuplicateArticle`   the id already had a line
5     :class:`OffsetError`        a span lies outside the text or has start > end
6     :class:`SpanTextMismatch`   a span's ``text`` differs from the slice
====  ==========================  ===============================================

Gold articles without a prediction line are *not* an error here: the scorer counts
them as articles with no predicted quote and lists them.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any, ClassVar, Iterable, Iterator, Mapping

from .schema import PREDICTION, check


class PredictionError(Exception):
    """A problem in a predictions file; ``str()`` is ``<file>:<line>: <article id>: <message>``."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, file: str = "<predictions>", line: int | None = None,
                 article_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.article_id = article_id

    def __str__(self) -> str:
        line = "-" if self.line is None else str(self.line)
        return f"{self.file}:{line}: {self.article_id or '-'}: {self.message}"


class MalformedError(PredictionError):
    """The file cannot be read, or a line is not valid JSON."""

    exit_code = 3


class SchemaViolation(PredictionError):
    """A line does not conform to ``schema.PREDICTION``."""

    exit_code = 4


class OffsetError(PredictionError):
    """A span lies outside the article text or is inverted (start > end)."""

    exit_code = 5


class SpanTextMismatch(PredictionError):
    """A span's ``text`` differs from ``article.text[start:end]``."""

    exit_code = 6


class UnknownArticle(PredictionError):
    """The prediction's id is not among the gold articles."""

    exit_code = 7


class DuplicateArticle(PredictionError):
    """Two lines predict the same article id."""

    exit_code = 8


def iter_spans(prediction: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(json path, span)`` for every span of a (schema-valid) prediction line."""
    for i, q in enumerate(prediction["quotes"]):
        for j, s in enumerate(q["content"]):
            yield f"quotes[{i}].content[{j}]", s
        for role in ("speaker", "cue"):
            if q.get(role) is not None:
                yield f"quotes[{i}].{role}", q[role]
        for j, s in enumerate(q.get("targets") or ()):
            yield f"quotes[{i}].targets[{j}]", s


def check_spans(prediction: Mapping[str, Any], text: str, *, file: str = "<predictions>",
                line: int | None = None, check_text: bool = True) -> None:
    """Raise :class:`OffsetError` or :class:`SpanTextMismatch` for the first bad span."""
    aid = prediction.get("id")
    for path, s in iter_spans(prediction):
        start, end = s["start"], s["end"]
        if not 0 <= start <= end <= len(text):
            what = "is inverted" if start > end else f"lies outside the text (length {len(text)})"
            raise OffsetError(f"{path} [{start}:{end}] {what}", file=file, line=line, article_id=aid)
        if check_text and "text" in s and s["text"] != text[start:end]:
            raise SpanTextMismatch(f"{path} text {s['text']!r} != slice {text[start:end]!r}",
                                   file=file, line=line, article_id=aid)


def check_prediction(value: Any, gold: Mapping[str, Mapping[str, Any]], *, file: str = "<predictions>",
                     line: int | None = None, seen: set[str] | None = None) -> dict[str, Any]:
    """Validate one parsed line against the gold articles (``id -> article``); return it.

    ``seen`` collects the ids validated so far, to detect duplicates; it is updated.
    """
    problems = check(value, PREDICTION)
    if problems:
        aid = value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SchemaViolation(problems[0] + more, file=file, line=line, article_id=aid)
    aid = value["id"]
    if aid not in gold:
        raise UnknownArticle(f"article id {aid!r} is not in the gold set", file=file, line=line, article_id=aid)
    if seen is not None:
        if aid in seen:
            raise DuplicateArticle(f"article id {aid!r} occurs on more than one line",
                                   file=file, line=line, article_id=aid)
        seen.add(aid)
    check_spans(value, gold[aid]["text"], file=file, line=line)
    return value


def gold_index(references: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]]
               ) -> Mapping[str, Mapping[str, Any]]:
    """``id -> article`` for a list of gold articles (a mapping is returned unchanged)."""
    if isinstance(references, Mapping):
        return references
    return {a["id"]: a for a in references}


def iter_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, parsed JSON)`` per non-blank line of a UTF-8 ``.jsonl`` or ``.jsonl.gz`` file.

    Raises :class:`MalformedError` for a file that cannot be opened (line ``None``), a
    line that cannot be read or decoded, or a line that is not valid JSON.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        fh = opener(path, "rb")
    except OSError as exc:
        raise MalformedError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    no = 0
    with fh:
        while True:
            try:
                raw = fh.readline()
                if not raw:
                    return
                no += 1
                line = raw.decode("utf-8-sig" if no == 1 else "utf-8")  # tolerate a BOM
            except (OSError, EOFError, zlib.error) as exc:
                raise MalformedError(f"cannot read the file: {type(exc).__name__}: {exc}",
                                     file=str(path), line=no + 1) from None
            except UnicodeDecodeError as exc:
                raise MalformedError(f"not UTF-8: {exc.reason} at byte {exc.start}", file=str(path),
                                     line=no) from None
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedError(f"invalid JSON: {exc.msg} (column {exc.colno})",
                                     file=str(path), line=no) from None
            yield no, value


def validate_lines(lines: Iterable[tuple[int | None, Any]],
                   references: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]],
                   *, file: str = "<predictions>") -> dict[str, dict[str, Any]]:
    """Validate parsed ``(line number, value)`` pairs; return ``id -> prediction line``."""
    gold = gold_index(references)
    seen: set[str] = set()
    out: dict[str, dict[str, Any]] = {}
    for no, value in lines:
        pred = check_prediction(value, gold, file=file, line=no, seen=seen)
        out[pred["id"]] = pred
    return out


def read_predictions(path: str | Path,
                     references: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]]
                     ) -> dict[str, dict[str, Any]]:
    """Read and validate a predictions file; return ``id -> prediction line``.

    Raises the first :class:`PredictionError` found. Gold articles with no line are
    simply absent from the result.
    """
    return validate_lines(iter_lines(path), references, file=str(path))
