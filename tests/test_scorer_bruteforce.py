"""Randomised cross-checks of the scorer against independent brute-force implementations.

* Cue span F1 (exact and token overlap) against enumerating every one-to-one matching.
* Quote alignment against enumerating every assignment with the documented objective.
"""

from __future__ import annotations

import random
import re
from itertools import permutations
from typing import Any

import pytest

from benchmark.alignment import align_quotes
from benchmark.scorer import score

PIECES = ["ab", "cd", "ef", "gh", " ", " ", " ", ",", ".", '"', "“", "”", "'"]


def _random_text(rng: random.Random) -> str:
    return "x " + "".join(rng.choice(PIECES) for _ in range(rng.randint(10, 40))) + " y"


def _random_span(rng: random.Random, n: int) -> tuple[int, int]:
    a = rng.randrange(0, n)
    return a, rng.randint(a + 1, min(n, a + 8))


def _strip(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Independent normaliser for these texts: trim everything but letters at both edges."""
    m = re.search(r"[a-z](?:.*[a-z])?", text[s:e], re.S)
    return (s + m.start(), s + m.end()) if m else None


def _token_ids(text: str, s: int, e: int) -> set[int]:
    """Independent tokeniser: the start offsets of letter runs sharing a character with [s, e)."""
    return {m.start() for m in re.finditer(r"[a-z]+", text) if m.start() < e and s < m.end()}


def _best_matching(n_gold: int, n_pred: int, ok: Any) -> int:
    """Largest one-to-one matching, by enumerating each prediction's choice (a gold index or none)."""
    best = 0

    def go(p: int, used: frozenset[int], size: int) -> None:
        nonlocal best
        if p == n_pred:
            best = max(best, size)
            return
        go(p + 1, used, size)
        for g in range(n_gold):
            if g not in used and ok(g, p):
                go(p + 1, used | {g}, size + 1)

    go(0, frozenset(), 0)
    return best


def _article(text: str, cues: list[tuple[int, int]]) -> dict[str, Any]:
    def span(s: int, e: int) -> dict[str, Any]:
        return {"start": s, "end": e, "text": text[s:e]}
    attrs = {"speaker_kind": "none", "speaker_type": None, "multi_paragraph": False, "split": False,
             "in_headline": False, "in_caption": False, "nested": False}
    quotes = [{"id": f"q{i}", "type": "indirect", "content": [span(0, 1)], "cue": span(*c), "speaker": None,
               "targets": [], "nested_in": None, "attributes": attrs} for i, c in enumerate(cues)]
    return {"id": "r", "title": "x", "text": text, "genre": "g", "topic": "t", "outlet_style": "o",
            "spelling": "en-GB", "entities": [], "quotes": quotes, "distractors": []}


@pytest.mark.parametrize("seed", range(300))
def test_cue_span_f1_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    text = _random_text(rng)
    gold_cues = [_random_span(rng, len(text)) for _ in range(rng.randint(0, 4))]
    pred_cues: list[tuple[int, int]] = []
    for _ in range(rng.randint(0, 5)):
        if gold_cues and rng.random() < 0.5:  # a copy of a gold cue, sometimes with an extra mark
            s, e = rng.choice(gold_cues)
            pred_cues.append((s, min(len(text), e + rng.choice((0, 0, 1)))))
        else:
            pred_cues.append(_random_span(rng, len(text)))
    article = _article(text, gold_cues)
    pred = {"id": "r", "quotes": [{"content": [{"start": 0, "end": 1}], "cue": {"start": s, "end": e}}
                                  for s, e in pred_cues]}
    got = score([article], {"r": pred}, slices=False).flat()

    gold = sorted(set(gold_cues))  # a gold span is counted once
    norm_g = [_strip(text, *g) for g in gold]
    norm_p = [_strip(text, *p) for p in pred_cues]
    exact = _best_matching(len(gold), len(pred_cues), lambda g, p: norm_g[g] is not None and norm_g[g] == norm_p[p])
    overlap = _best_matching(len(gold), len(pred_cues),
                             lambda g, p: bool(_token_ids(text, *gold[g]) & _token_ids(text, *pred_cues[p])))
    denom = len(gold) + len(pred_cues)
    assert got["cue_exact_f"] == (2 * exact / denom if denom else None)
    assert got["cue_overlap_f"] == (2 * overlap / denom if denom else None)


def _brute_alignment(gold: list[frozenset[int]], pred: list[frozenset[int]], gs: list[int], ps: list[int],
                     keys: list[str]) -> list[tuple[int, int, int]]:
    """Every assignment; maximise overlap, then minimise distance, then the documented rank rule."""
    order = sorted(range(len(pred)), key=lambda p: (keys[p], p))  # canonical order of predictions
    rank_of = {p: k for k, p in enumerate(order)}
    m = len(pred)
    cands = []
    slots = list(range(len(pred))) + [None] * len(gold)
    for perm in set(permutations(slots, len(gold))):
        pairs = [(g, p) for g, p in enumerate(perm) if p is not None and gold[g] & pred[p]]
        if len(pairs) != sum(p is not None for p in perm):
            continue
        ov = sum(len(gold[g] & pred[p]) for g, p in pairs)
        dist = sum(abs(gs[g] - ps[p]) for g, p in pairs)
        cands.append((ov, -dist, frozenset(g * m + rank_of[p] for g, p in pairs), pairs))
    top = max(c[:2] for c in cands)
    best = None
    for c in cands:
        if c[:2] != top:
            continue
        if best is None or min(best[2] ^ c[2]) in c[2]:
            best = c
    assert best is not None
    return sorted((g, p, len(gold[g] & pred[p])) for g, p in best[3])


@pytest.mark.parametrize("seed", range(300))
def test_alignment_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    n_tok = rng.randint(3, 12)

    def tokset() -> frozenset[int]:
        a = rng.randrange(n_tok)
        return frozenset(range(a, min(n_tok, a + rng.randint(1, 5))))

    gold = [tokset() for _ in range(rng.randint(1, 4))]
    pred = [tokset() for _ in range(rng.randint(1, 4))]
    gs = [rng.randrange(5) for _ in gold]  # small ranges force ties
    ps = [rng.randrange(5) for _ in pred]
    keys = [rng.choice("abc") + str(p) for p in range(len(pred))]
    got = align_quotes(gold, pred, gs, ps, keys.__getitem__)
    assert got == _brute_alignment(gold, pred, gs, ps, keys)
