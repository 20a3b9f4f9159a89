"""Compile the annotated sources into the committed split files.

``attribench build`` reads ``data/source/*.txt`` and ``data/splits.tsv`` and writes
``data/default/{train,validation,test}.jsonl``, the JSON Schemas under
``data/schema/`` and the generated parts of the dataset card. The output is a pure
function of the inputs (sorted ids, fixed key order), so a fresh build must equal
the committed files; ``build(check=True)`` reports any difference instead of writing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import paths
from .schema import ARTICLE, PREDICTION, SPLITS, to_json_schema
from .source import SourceError, read_source

# Target shares for articles added after the first 40 (see data/README.md, "Splits").
NEW_SPLIT_SHARES = {"train": 0.60, "validation": 0.16, "test": 0.24}
FIRST_SPLIT_SHARES = {"train": 0.70, "validation": 0.15, "test": 0.15}


def read_splits(root: Path | None = None) -> dict[str, str]:
    """Read the frozen assignment ``id -> split`` from ``splits.tsv``."""
    out: dict[str, str] = {}
    path = paths.splits_file(root)
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1] not in SPLITS:
            raise SourceError(f"{path}:{no}: expected 'id<TAB>split' with split in {', '.join(SPLITS)}")
        if parts[0] in out:
            raise SourceError(f"{path}:{no}: {parts[0]} is assigned twice")
        out[parts[0]] = parts[1]
    return out


def assign_new(genres: dict[str, str], fixed: dict[str, str], shares: dict[str, float]) -> dict[str, str]:
    """Assign ids not in ``fixed`` to splits, stratified by genre, deterministically.

    New ids are taken in ``(genre, id)`` order; each goes to the split whose count
    among the new ids is furthest below its target share (ties: train, validation,
    test). Walking genre by genre spreads every genre over the splits in proportion.
    """
    new = sorted((g, i) for i, g in genres.items() if i not in fixed)
    counts = {s: 0 for s in SPLITS}
    out = dict(fixed)
    for n, (_, aid) in enumerate(new, 1):
        split = max(SPLITS, key=lambda s: (shares[s] * n - counts[s], -SPLITS.index(s)))
        counts[split] += 1
        out[aid] = split
    return out


def compile_sources(root: Path | None = None) -> list[dict[str, Any]]:
    """Compile every source file, sorted by id."""
    files = sorted(paths.source_dir(root).glob("*.txt"))
    return [read_source(f) for f in files]


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def outputs(root: Path | None = None) -> dict[Path, str]:
    """Every generated file and its content."""
    from .card import render_card

    root = root or paths.data_dir()
    articles = compile_sources(root)
    splits = read_splits(root)
    ids = {a["id"] for a in articles}
    for aid in sorted(ids - splits.keys()):
        raise SourceError(f"{paths.splits_file(root)}: {aid} has no split; run 'attribench assign-splits'")
    for aid in sorted(splits.keys() - ids):
        raise SourceError(f"{paths.splits_file(root)}: {aid} is assigned but data/source/{aid}.txt is missing")
    by_split: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for a in articles:
        by_split[splits[a["id"]]].append(a)
    files = {paths.split_file(s, root): _jsonl(by_split[s]) for s in SPLITS}
    schema_dir = root / "schema"
    files[schema_dir / "article.schema.json"] = json.dumps(
        to_json_schema(ARTICLE, title="attribench article"), indent=2) + "\n"
    files[schema_dir / "predictions.schema.json"] = json.dumps(
        to_json_schema(PREDICTION, title="attribench predictions line"), indent=2) + "\n"
    card = root / "README.md"
    from . import agreement

    files[card] = render_card(card.read_text(encoding="utf-8") if card.exists() else "", by_split,
                              agreement=agreement.render_markdown(agreement.compute(root)))
    return files


def build(root: Path | None = None, *, check: bool = False) -> list[Path]:
    """Write (or with ``check``, compare) the generated files; return those that differ."""
    changed = []
    for path, content in outputs(root).items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != content:
            changed.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    return changed


def assign_splits(root: Path | None = None, limit: int | None = None) -> dict[str, str]:
    """Add unassigned source files to ``splits.tsv`` (existing lines never change).

    The very first assignment uses ``FIRST_SPLIT_SHARES``; later ones
    ``NEW_SPLIT_SHARES``. ``limit`` assigns only the first ``limit`` unassigned ids.
    """
    root = root or paths.data_dir()
    path = paths.splits_file(root)
    fixed = read_splits(root) if path.exists() else {}
    genres = {a["id"]: a["genre"] for a in compile_sources(root)}
    pending = sorted(i for i in genres if i not in fixed)
    if limit is not None:
        genres = {i: g for i, g in genres.items() if i in fixed or i in pending[:limit]}
    shares = FIRST_SPLIT_SHARES if not fixed else NEW_SPLIT_SHARES
    added = {k: v for k, v in assign_new(genres, fixed, shares).items() if k not in fixed}
    if added:
        with path.open("a", encoding="utf-8") as fh:
            for aid in sorted(added):
                fh.write(f"{aid}\t{added[aid]}\n")
    return added
