"""The attribench record schemas, defined once.

Everything else is derived from the type trees in this module: the Hugging Face
``datasets.Features`` of the corpus (:func:`to_features`), the JSON Schemas of the
corpus files and of a predictions file (:func:`to_json_schema`), the YAML of the
dataset card, and the structural check run by the validator (:func:`check`).

Conventions
-----------
* Offsets are **half-open character offsets** into the article's ``text``
  (Python ``str`` indices, i.e. Unicode code points): a span ``{start, end}``
  covers ``text[start:end]``; ``0 <= start <= end <= len(text)``.
* A gold span also carries ``text``, which must equal ``article.text[start:end]``.
* ``null`` speaker means an unattributed quote; a speaker whose ``mention`` is
  ``null`` has a known entity but no mention in the article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = "1.0"

# ---------------------------------------------------------------------------
# A tiny type language: enough to derive Features, JSON Schema and checks.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """A scalar: ``kind`` is ``"string"``, ``"int"``, ``"number"`` (int or float) or ``"bool"``."""

    kind: str
    doc: str = ""


@dataclass(frozen=True)
class Enum:
    """A string restricted to ``values``."""

    values: tuple[str, ...]
    doc: str = ""


@dataclass(frozen=True)
class Nullable:
    """``inner`` or ``null``."""

    inner: Any
    doc: str = ""


@dataclass(frozen=True)
class ListOf:
    """A JSON array of ``item``."""

    item: Any
    doc: str = ""


@dataclass(frozen=True)
class FreeObject:
    """A JSON object with free keys (e.g. a dict of scores); not part of any dataset feature."""

    doc: str = ""


@dataclass(frozen=True)
class Struct:
    """A JSON object with the given fields; fields in ``optional`` may be absent."""

    fields: Mapping[str, Any]
    doc: str = ""
    optional: frozenset[str] = frozenset()


STR = Scalar("string")
INT = Scalar("int")
BOOL = Scalar("bool")

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------

ENTITY_TYPES = ("PERSON", "ORGANIZATION", "GROUP", "LOCATION", "OTHER")
QUOTE_TYPES = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("name", "pronoun", "description", "anonymous", "none")
DISTRACTOR_KINDS = ("scare", "title", "nickname", "term", "other")
SPLITS = ("train", "validation", "test")

# ---------------------------------------------------------------------------
# Gold corpus records
# ---------------------------------------------------------------------------

SPAN = Struct(
    {"start": INT, "end": INT, "text": STR},
    doc="Half-open character span text[start:end]; `text` repeats the slice.",
)

ENTITY = Struct(
    {
        "id": STR,
        "name": STR,
        "type": Enum(ENTITY_TYPES),
        "anonymous": BOOL,
        "mentions": ListOf(SPAN),
    },
    doc="An entity that speaks or is a claim target, with every mention of it.",
)

SPEAKER = Struct(
    {"entity": STR, "mention": Nullable(SPAN)},
    doc="The speaking entity and the mention that names it for this quote.",
)

TARGET = Struct(
    {"entity": Nullable(STR), "mention": SPAN},
    doc="A claim target: the mention, linked to its entity when it has one.",
)

QUOTE_ATTRIBUTES = Struct(
    {
        "speaker_kind": Enum(SPEAKER_KINDS),
        "speaker_type": Nullable(Enum(ENTITY_TYPES)),
        "multi_paragraph": BOOL,
        "split": BOOL,
        "in_headline": BOOL,
        "in_caption": BOOL,
        "nested": BOOL,
    },
    doc="Derived slicing attributes of a quote (see data/GUIDELINES.md).",
)

QUOTE = Struct(
    {
        "id": STR,
        "type": Enum(QUOTE_TYPES),
        "content": ListOf(SPAN),
        "cue": Nullable(SPAN),
        "speaker": Nullable(SPEAKER),
        "targets": ListOf(TARGET),
        "nested_in": Nullable(STR),
        "attributes": QUOTE_ATTRIBUTES,
    },
    doc="One attributed (or unattributed) quote.",
)

DISTRACTOR = Struct(
    {"start": INT, "end": INT, "text": STR, "kind": Enum(DISTRACTOR_KINDS)},
    doc="Quoted text that is NOT a quote (scare quotes, titles, nicknames).",
)

ARTICLE = Struct(
    {
        "id": STR,
        "title": STR,
        "text": STR,
        "genre": STR,
        "topic": STR,
        "outlet_style": STR,
        "spelling": Enum(("en-GB", "en-US")),
        "entities": ListOf(ENTITY),
        "quotes": ListOf(QUOTE),
        "distractors": ListOf(DISTRACTOR),
    },
    doc="One annotated news article (one line of a split file).",
)

# ---------------------------------------------------------------------------
# Predictions (what a system submits): spans without entity ids.
# ---------------------------------------------------------------------------

PRED_SPAN = Struct(
    {"start": INT, "end": INT, "text": STR},
    doc="Half-open character span; `text`, when given, must equal the slice.",
    optional=frozenset({"text"}),
)

PRED_QUOTE = Struct(
    {
        "content": ListOf(PRED_SPAN),
        "speaker": Nullable(PRED_SPAN),
        "cue": Nullable(PRED_SPAN),
        "targets": ListOf(PRED_SPAN),
    },
    doc="A predicted quote; absent speaker/cue/targets mean none predicted.",
    optional=frozenset({"speaker", "cue", "targets"}),
)

PREDICTION = Struct(
    {"id": STR, "quotes": ListOf(PRED_QUOTE)},
    doc="One line of a predictions JSONL file: the quotes predicted for article `id`.",
)

# ---------------------------------------------------------------------------
# Leaderboard submission record (submissions/<slug>/submission.json)
# ---------------------------------------------------------------------------

NUM = Scalar("number")


SUBMISSION = Struct({
    "schema_version": STR,
    "dataset": Struct({"name": STR, "version": STR, "config": STR, "split": STR}),
    "system": Struct({
        "name": STR, "authors": ListOf(STR), "url": Nullable(STR), "paper": Nullable(STR),
        "description": STR, "model": Nullable(STR), "model_size": Nullable(STR),
        "training_data": STR, "baseline": BOOL, "prompt": Nullable(STR), "model_version": Nullable(STR),
    }),
    "run": Struct({"command": Nullable(STR), "hardware": Nullable(STR), "train_seconds": Nullable(NUM),
                   "inference_seconds": Nullable(NUM), "notes": Nullable(STR)}),
    "predictions": Struct({"file": STR, "sha256": STR, "articles": INT}),
    "scorer": Struct({"bootstrap": INT, "seed": INT, "lenient_threshold": NUM}),
    "scores": FreeObject("flat metric keys written by the scorer"),
    "ci": FreeObject("bootstrap intervals written by the scorer"),
})


# ---------------------------------------------------------------------------
# Derivations
# ---------------------------------------------------------------------------


def to_features(node: Any = ARTICLE) -> Any:
    """Return the Hugging Face ``Features`` (or feature) for a type tree."""
    from datasets import Features, List, Value

    def conv(n: Any) -> Any:
        if isinstance(n, Nullable):
            return conv(n.inner)  # Arrow columns are nullable
        if isinstance(n, Scalar):
            return Value({"string": "string", "int": "int32", "number": "float64", "bool": "bool"}[n.kind])
        if isinstance(n, Enum):
            return Value("string")
        if isinstance(n, ListOf):
            return List(conv(n.item))
        if isinstance(n, Struct):
            return {k: conv(v) for k, v in n.fields.items()}
        raise TypeError(f"unknown schema node {n!r}")

    out = conv(node)
    return Features(out) if isinstance(node, Struct) and node is ARTICLE else out


def to_json_schema(node: Any = ARTICLE, *, title: str | None = None) -> dict[str, Any]:
    """Return a JSON Schema (draft 2020-12) for a type tree."""

    def conv(n: Any) -> dict[str, Any]:
        if isinstance(n, Nullable):
            return {"anyOf": [conv(n.inner), {"type": "null"}]}
        if isinstance(n, Scalar):
            return {"type": {"string": "string", "int": "integer", "number": "number", "bool": "boolean"}[n.kind]}
        if isinstance(n, FreeObject):
            return {"type": "object", "description": n.doc}
        if isinstance(n, Enum):
            return {"type": "string", "enum": list(n.values)}
        if isinstance(n, ListOf):
            return {"type": "array", "items": conv(n.item)}
        if isinstance(n, Struct):
            out: dict[str, Any] = {
                "type": "object",
                "properties": {k: conv(v) for k, v in n.fields.items()},
                "required": [k for k in n.fields if k not in n.optional],
                "additionalProperties": False,
            }
            if n.doc:
                out["description"] = n.doc
            return out
        raise TypeError(f"unknown schema node {n!r}")

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **conv(node)}
    if title:
        schema["title"] = title
    return schema


def check(value: Any, node: Any = ARTICLE, path: str = "$") -> list[str]:
    """Structurally check ``value`` against a type tree.

    Returns a list of problems, each ``"<json path>: <what is wrong>"``; empty when
    the value conforms. Booleans are not accepted as integers.
    """
    problems: list[str] = []
    if isinstance(node, Nullable):
        return [] if value is None else check(value, node.inner, path)
    if isinstance(node, Scalar):
        ok = {
            "string": isinstance(value, str),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
        }[node.kind]
        if not ok:
            problems.append(f"{path}: expected {node.kind}, got {type(value).__name__}")
        return problems
    if isinstance(node, FreeObject):
        return [] if isinstance(value, dict) else [f"{path}: expected object, got {type(value).__name__}"]
    if isinstance(node, Enum):
        if value not in node.values:
            problems.append(f"{path}: {value!r} is not one of {', '.join(node.values)}")
        return problems
    if isinstance(node, ListOf):
        if not isinstance(value, list):
            return [f"{path}: expected array, got {type(value).__name__}"]
        for i, item in enumerate(value):
            problems.extend(check(item, node.item, f"{path}[{i}]"))
        return problems
    if isinstance(node, Struct):
        if not isinstance(value, dict):
            return [f"{path}: expected object, got {type(value).__name__}"]
        for key in value:
            if key not in node.fields:
                problems.append(f"{path}: unexpected field {key!r}")
        for key, sub in node.fields.items():
            if key not in value:
                if key not in node.optional:
                    problems.append(f"{path}: missing field {key!r}")
                continue
            problems.extend(check(value[key], sub, f"{path}.{key}"))
        return problems
    raise TypeError(f"unknown schema node {node!r}")
