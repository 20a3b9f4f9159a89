"""Paired bootstrap comparison of two systems."""

from __future__ import annotations

import random
from typing import Any

import pytest
from scorer_fixtures import DISTRACTOR, NO_MENTION, SIMPLE, SPLIT, UNATTRIBUTED, line, perfect

from benchmark.compare import compare
from benchmark.predictions import UnknownArticle

REFS = [SIMPLE, SPLIT, UNATTRIBUTED, NO_MENTION, DISTRACTOR]


def perfect_on(*articles: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: perfect(a) for a in articles}


def test_clear_winner() -> None:
    res = compare(REFS, perfect_on(*REFS), {}, resamples=200)
    assert (res.main_score_a, res.main_score_b, res.delta) == (1.0, 0.0, 1.0)
    assert (res.ci_low, res.ci_high) == (1.0, 1.0)
    assert res.p_value == 0.0 and res.n_articles == 5 and res.resamples == 200


def test_identical_systems() -> None:
    preds = perfect_on(SIMPLE, SPLIT)
    res = compare(REFS, preds, dict(preds), resamples=100)
    assert res.delta == 0.0 and res.p_value == 1.0 and (res.ci_low, res.ci_high) == (0.0, 0.0)


def test_p_value_matches_the_documented_method() -> None:
    a = perfect_on(SIMPLE, SPLIT, UNATTRIBUTED)  # 3 of 5 quotes: F = 2*3/(3+5) = 0.75
    b = perfect_on(NO_MENTION, DISTRACTOR)  # 2 of 5 quotes: F = 2*2/(2+5) = 4/7
    res = compare(REFS, a, b, resamples=300, seed=7)
    assert res.main_score_a == 6 / 8 and res.main_score_b == 4 / 7 and res.delta == 6 / 8 - 4 / 7
    # independent re-computation: per article (tp, n_pred) of A and B; every article has one gold quote
    tp_a = [1, 1, 1, 0, 0]
    tp_b = [0, 0, 0, 1, 1]
    rng = random.Random(7)
    deltas = []
    for _ in range(300):
        idx = rng.choices(range(5), k=5)
        n_gold = len(idx)
        fa = 2 * sum(tp_a[i] for i in idx) / (sum(tp_a[i] for i in idx) + n_gold)
        fb = 2 * sum(tp_b[i] for i in idx) / (sum(tp_b[i] for i in idx) + n_gold)
        deltas.append(fa - fb)
    expected_p = min(1.0, 2 * sum(d <= 0 for d in deltas) / len(deltas))
    assert res.p_value == pytest.approx(expected_p, abs=1e-12)
    assert 0.0 < res.p_value < 1.0
    assert res.ci_low is not None and res.ci_high is not None
    assert res.ci_low <= res.delta <= res.ci_high


def test_swapping_systems_negates_delta() -> None:
    a, b = perfect_on(SIMPLE, SPLIT, UNATTRIBUTED), perfect_on(NO_MENTION)
    ab, ba = compare(REFS, a, b, resamples=150, seed=1), compare(REFS, b, a, resamples=150, seed=1)
    assert ab.delta is not None and ba.delta is not None and ab.delta == -ba.delta
    assert ab.p_value == ba.p_value
    assert ab.ci_low == pytest.approx(-ba.ci_high) and ab.ci_high == pytest.approx(-ba.ci_low)
    assert ab == compare(REFS, a, b, resamples=150, seed=1)  # deterministic for a seed
    assert ab.as_dict()["delta"] == ab.delta


def test_missing_lines_count_as_misses_and_errors_are_typed() -> None:
    # B predicts an empty line where A has no line at all: identical scores
    res = compare(REFS, perfect_on(SIMPLE), {**perfect_on(SIMPLE), SPLIT["id"]: line(SPLIT)}, resamples=50)
    assert res.delta == 0.0 and res.p_value == 1.0
    with pytest.raises(UnknownArticle):
        compare(REFS, {"nope": {"id": "nope", "quotes": []}}, {}, resamples=10)
