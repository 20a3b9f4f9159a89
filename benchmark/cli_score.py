"""``attribench score``, ``validate-predictions`` and ``compare``: thin wrappers over the library.

Register them on the main parser with ``add_parsers(subparsers)``. Errors print one line
to stderr, ``attribench: error: <file>:<line>: <article id>: <message>``, and exit with the
error's code (see :mod:`benchmark.predictions`; 9 for an unreadable gold file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import paths
from .predictions import PredictionError, iter_lines, read_predictions

GOLD_ERROR_EXIT = 9


class GoldError(PredictionError):
    """The gold file or folder is missing or unreadable (not a problem of the predictions)."""

    exit_code = GOLD_ERROR_EXIT


def load_gold(path: str | Path, split: str = "test") -> list[dict[str, Any]]:
    """Gold articles from a split ``.jsonl`` (or ``.jsonl.gz``) file, or a corpus folder's ``default/<split>.jsonl``."""
    path = Path(path)
    if path.is_dir():
        path = paths.split_file(split, path)
    if not path.is_file():
        raise GoldError("gold file not found", file=str(path))
    try:
        articles = [a for _, a in iter_lines(path)]
    except PredictionError as exc:
        raise GoldError(exc.message, file=exc.file, line=exc.line) from None
    seen: set[str] = set()
    for no, a in enumerate(articles, 1):
        if not isinstance(a, dict) or not isinstance(a.get("id"), str) or not isinstance(a.get("text"), str):
            raise GoldError("not a gold article (run `attribench validate`)", file=str(path), line=no)
        if a["id"] in seen:
            raise GoldError(f"gold article id {a['id']!r} occurs twice", file=str(path), line=no,
                            article_id=a["id"])
        seen.add(a["id"])
    return articles


def _fmt(value: Any, width: int = 7) -> str:
    if value is None:
        return "n/a".rjust(width)
    if isinstance(value, float):
        return f"{value:.4f}".rjust(width)
    return str(value).rjust(width)


def render_report(flat: dict[str, Any]) -> str:
    """A readable text table of a flat score dict (main scores with intervals, sub-scores, slices)."""
    ci = (flat.get("ci") or {}).get("intervals", {})

    def with_ci(key: str) -> str:
        lo_hi = ci.get(key)
        tail = f"  [95% CI {_fmt(lo_hi[0], 0)} - {_fmt(lo_hi[1], 0)}]" if lo_hi and lo_hi[0] is not None else ""
        return _fmt(flat.get(key), 0) + tail

    lines = [
        f"articles {flat['n_articles']} (missing predictions: {flat['n_missing_articles']}), "
        f"gold quotes {flat['n_gold_quotes']}, predicted quotes {flat['n_pred_quotes']}, "
        f"lenient threshold {flat['lenient_threshold']}",
        "",
        f"main score (attribution F1)  {with_ci('main_score')}",
        f"content lenient F1           {with_ci('content_lenient_f')}",
        f"content exact F1             {with_ci('content_exact_f')}",
        f"content token-overlap F1     {with_ci('content_overlap_f')}",
        f"speaker accuracy (entity)    {with_ci('speaker_entity_acc')}",
    ]
    if ci:
        lines.append(f"(percentile bootstrap over articles, {flat['ci']['resamples']} resamples, "
                     f"seed {flat['ci']['seed']})")
    lines += ["", f"{'metric':<18}{'P':>8}{'R':>8}{'F1':>8}"]
    for name in ("content_exact", "content_overlap", "content_lenient", "cue_exact", "cue_overlap",
                 "target_exact", "target_overlap", "target_entity", "attribution"):
        lines.append(f"{name:<18}" + "".join(" " + _fmt(flat.get(f"{name}_{k}")) for k in "prf"))
    lines += ["", f"{'accuracy on matched pairs':<28}{'':>6}"]
    for key in ("speaker_strict_acc", "speaker_entity_acc", "cue_attached_acc"):
        lines.append(f"{key:<28}{_fmt(flat.get(key))}")
    lines.append(f"{'distractor_fp (count)':<28}{_fmt(flat.get('distractor_fp'))}")
    if not flat.get("targets_applicable"):
        lines.append("targets: n/a (no gold quote has a target)")
    slices = flat.get("slices") or {}
    art_cols = (("n_articles", "articles"), ("n_gold_quotes", "gold"), ("content_lenient_f", "lenient F1"),
                ("speaker_entity_acc", "speaker acc"), ("attribution_f", "attrib F1"))
    q_cols = (("n_gold_quotes", "gold"), ("content_lenient_r", "lenient R"), ("content_overlap_r", "overlap R"),
              ("speaker_entity_acc", "speaker acc"), ("attribution_r", "attrib R"))
    for level, cols in (("article", art_cols), ("quote", q_cols)):
        for key, values in (slices.get(level) or {}).items():
            lines += ["", f"{level} slice {key}", f"  {'value':<26}" + "".join(f"{h:>12}" for _, h in cols)]
            for value, m in values.items():
                lines.append(f"  {value[:26]:<26}" + "".join(" " + _fmt(m.get(c), 11) for c, _ in cols))
    missing = flat.get("missing_ids") or []
    if missing:
        shown = ", ".join(missing[:20]) + (f", ... ({len(missing) - 20} more)" if len(missing) > 20 else "")
        lines += ["", f"note: {len(missing)} gold article(s) have no prediction line and count as all misses: "
                  f"{shown}"]
    return "\n".join(lines)


def _guard(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except PredictionError as exc:
            print(f"attribench: error: {exc}", file=sys.stderr)
            return exc.exit_code
    return run


@_guard
def cmd_score(args: argparse.Namespace) -> int:
    from .scorer import score

    gold = load_gold(args.gold, args.split)
    preds = read_predictions(args.pred, gold)
    report = score(gold, preds, lenient_threshold=args.lenient_threshold, bootstrap=args.bootstrap,
                   seed=args.seed)
    flat = report.flat()
    print(render_report(flat))
    if args.output:
        Path(args.output).write_text(json.dumps(flat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


@_guard
def cmd_validate(args: argparse.Namespace) -> int:
    gold = load_gold(args.gold, args.split)
    preds = read_predictions(args.pred, gold)
    n_quotes = sum(len(p["quotes"]) for p in preds.values())
    missing = len({a["id"] for a in gold} - preds.keys())
    print(f"OK: {args.pred}: {len(preds)} prediction lines, {n_quotes} predicted quotes, "
          f"{len(gold)} gold articles ({missing} without a prediction line)")
    return 0


@_guard
def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare

    gold = load_gold(args.gold, args.split)
    a, b = read_predictions(args.a, gold), read_predictions(args.b, gold)
    res = compare(gold, a, b, resamples=args.resamples, seed=args.seed)
    print(f"A {args.a}: main score {_fmt(res.main_score_a, 0)}")
    print(f"B {args.b}: main score {_fmt(res.main_score_b, 0)}")
    print(f"delta (A - B) {_fmt(res.delta, 0)}  [95% CI {_fmt(res.ci_low, 0)} - {_fmt(res.ci_high, 0)}]  "
          f"p = {res.p_value:.4f}  (paired bootstrap over {res.n_articles} articles, "
          f"{res.resamples} resamples, seed {res.seed})")
    if args.output:
        Path(args.output).write_text(json.dumps(res.as_dict(), indent=2) + "\n", encoding="utf-8")
    return 0


def _gold_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", help="gold split file (.jsonl[.gz]) or corpus folder with default/<split>.jsonl")
    p.add_argument("--split", default="test", help="split to read from a corpus folder (default: test)")


def add_parsers(subparsers: Any) -> None:
    """Register ``score``, ``validate-predictions`` and ``compare`` on an argparse subparsers object."""
    p = subparsers.add_parser("score", help="score a predictions file against gold articles")
    _gold_args(p)
    p.add_argument("pred", help="predictions JSONL (.jsonl or .jsonl.gz)")
    p.add_argument("-o", "--output", help="write the flat score dict as JSON (unrounded)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples for 95%% intervals (default 1000; 0 for none)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("--lenient-threshold", type=float, default=0.5, metavar="X",
                   help="share of gold content tokens for a lenient match (default 0.5)")
    p.set_defaults(func=cmd_score)

    p = subparsers.add_parser("validate-predictions", help="check a predictions file against gold articles")
    _gold_args(p)
    p.add_argument("pred", help="predictions JSONL (.jsonl or .jsonl.gz)")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("compare", help="paired bootstrap comparison of two predictions files")
    _gold_args(p)
    p.add_argument("a", help="predictions of system A")
    p.add_argument("b", help="predictions of system B")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("-o", "--output", help="write the comparison as JSON")
    p.set_defaults(func=cmd_compare)
