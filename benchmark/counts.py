"""Additive counts and the metrics derived from them (the scorer keeps counts, never ratios).

Every metric of the scorer is a ratio of sums of per-article integer counts
(:class:`Counts`), so micro averages, slices and bootstrap resamples are all computed
the same way: add the counts, then derive. Nothing is rounded here.

Undefined cases: precision is ``None`` when nothing was predicted, recall is ``None``
when there is no gold, F1 is ``None`` when both are empty (``2 TP / (n_pred + n_gold)``
otherwise, which is 0 when one side is empty), an accuracy is ``None`` when it is
taken over zero items.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from typing import Any, Iterable, Iterator, Sequence

Metric = float | int | None


@dataclass(frozen=True)
class PRF:
    """True positives, false positives and false negatives, with derived P/R/F (as spaCy's PRFScore)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def of(cls, tp: int, n_pred: int, n_gold: int) -> PRF:
        """Build from TP and the sizes of the predicted and gold sides (``fp = n_pred - tp``)."""
        return cls(tp, n_pred - tp, n_gold - tp)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        """TP / n_pred; ``None`` when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """TP / n_gold; ``None`` when there is no gold."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def fscore(self) -> float | None:
        """2 TP / (n_pred + n_gold); ``None`` when both are 0."""
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None


@dataclass(frozen=True)
class Accuracy:
    """Correct out of total, with a derived value (``None`` over zero items)."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def value(self) -> float | None:
        """correct / total; ``None`` when total is 0."""
        return self.correct / self.total if self.total else None


@dataclass
class Counts:
    """The additive integer counts of one article (or the sum over many).

    Quotes: ``n_gold_quotes``, ``n_pred_quotes``; ``n_aligned`` aligned pairs, of which
    ``n_matched`` leniently matched. Content tokens: ``overlap_tokens`` summed over aligned
    pairs, ``pred_tokens`` / ``gold_tokens`` over all quotes. Speaker and cue-attached
    correctness are counted over matched pairs. Cue and target spans: gold spans are
    deduplicated, predicted spans are not. Target entities: ``pred_targets_matched``
    counts predicted targets of matched pairs, ``gold_targets`` every gold target of
    every gold quote.
    """

    n_articles: int = 0
    n_missing_articles: int = 0
    n_gold_quotes: int = 0
    n_pred_quotes: int = 0
    n_aligned: int = 0
    n_matched: int = 0
    content_exact_tp: int = 0
    overlap_tokens: int = 0
    pred_tokens: int = 0
    gold_tokens: int = 0
    speaker_strict_ok: int = 0
    speaker_entity_ok: int = 0
    attribution_tp: int = 0
    cue_attached_ok: int = 0
    gold_cues: int = 0
    pred_cues: int = 0
    cue_exact_tp: int = 0
    cue_overlap_tp: int = 0
    gold_target_spans: int = 0
    pred_targets: int = 0
    target_exact_tp: int = 0
    target_overlap_tp: int = 0
    gold_targets: int = 0
    pred_targets_matched: int = 0
    target_entity_tp: int = 0
    distractor_fp: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f) + getattr(other, f) for f in FIELDS))

    @classmethod
    def total(cls, items: Iterable[Counts]) -> Counts:
        """The sum of many counts (an empty sum is all zeros)."""
        columns = [0] * len(FIELDS)
        for c in items:
            for k, f in enumerate(FIELDS):
                columns[k] += getattr(c, f)
        return cls(*columns)


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Counts))


def _prf(out: dict[str, Metric], name: str, prf: PRF | None) -> None:
    out[f"{name}_p"] = prf.precision if prf else None
    out[f"{name}_r"] = prf.recall if prf else None
    out[f"{name}_f"] = prf.fscore if prf else None


def derive(c: Counts, *, targets_applicable: bool = True) -> dict[str, Metric]:
    """All flat metrics from counts (keys as in the metric card); target metrics ``None`` if not applicable."""
    out: dict[str, Metric] = {}
    _prf(out, "content_exact", PRF.of(c.content_exact_tp, c.n_pred_quotes, c.n_gold_quotes))
    _prf(out, "content_overlap", PRF.of(c.overlap_tokens, c.pred_tokens, c.gold_tokens))
    _prf(out, "content_lenient", PRF.of(c.n_matched, c.n_pred_quotes, c.n_gold_quotes))
    out["speaker_strict_acc"] = Accuracy(c.speaker_strict_ok, c.n_matched).value
    out["speaker_entity_acc"] = Accuracy(c.speaker_entity_ok, c.n_matched).value
    _prf(out, "cue_exact", PRF.of(c.cue_exact_tp, c.pred_cues, c.gold_cues))
    _prf(out, "cue_overlap", PRF.of(c.cue_overlap_tp, c.pred_cues, c.gold_cues))
    out["cue_attached_acc"] = Accuracy(c.cue_attached_ok, c.n_matched).value
    t = targets_applicable
    _prf(out, "target_exact", PRF.of(c.target_exact_tp, c.pred_targets, c.gold_target_spans) if t else None)
    _prf(out, "target_overlap", PRF.of(c.target_overlap_tp, c.pred_targets, c.gold_target_spans) if t else None)
    _prf(out, "target_entity", PRF.of(c.target_entity_tp, c.pred_targets_matched, c.gold_targets) if t else None)
    _prf(out, "attribution", PRF.of(c.attribution_tp, c.n_pred_quotes, c.n_gold_quotes))
    out["main_score"] = out["attribution_f"]
    for name in ("n_articles", "n_missing_articles", "n_gold_quotes", "n_pred_quotes",
                 "n_aligned", "n_matched", "gold_cues", "pred_cues", "distractor_fp"):
        out[name] = getattr(c, name)
    out["gold_targets"] = c.gold_targets if t else None
    out["pred_targets"] = c.pred_targets if t else None
    return out


# ---------------------------------------------------------------------------
# Bootstrap helpers
# ---------------------------------------------------------------------------

#: Metrics given a bootstrap interval, and the count columns they need.
CI_METRICS = ("main_score", "attribution_p", "attribution_r", "attribution_f", "content_lenient_f",
              "content_exact_f", "content_overlap_f", "speaker_entity_acc")
CI_FIELDS = ("n_gold_quotes", "n_pred_quotes", "n_matched", "content_exact_tp", "overlap_tokens",
             "pred_tokens", "gold_tokens", "speaker_entity_ok", "attribution_tp")


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation between order statistics (numpy's default)."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def resampled_sums(columns: Sequence[Sequence[int]], idx: Sequence[int]) -> list[int]:
    """Sum each column over the (repeated) article indices ``idx``."""
    return [sum(map(col.__getitem__, idx)) for col in columns]


def resample_indices(n: int, resamples: int, seed: int) -> Iterator[list[int]]:
    """Yield ``resamples`` lists of ``n`` article indices drawn with replacement (``random.Random(seed)``)."""
    rng = random.Random(seed)
    population = range(n)
    for _ in range(resamples):
        yield rng.choices(population, k=n)


def bootstrap_intervals(counts: Sequence[Counts], resamples: int, seed: int, *,
                        targets_applicable: bool = True) -> dict[str, Any]:
    """Percentile bootstrap over articles: 2.5th and 97.5th percentiles of :data:`CI_METRICS`.

    Each resample draws ``len(counts)`` articles with replacement, sums their counts and
    derives the metrics (quotes are not re-aligned). Resamples where a metric is undefined
    (``None``) are left out of that metric's percentiles.
    """
    columns = [[getattr(c, f) for c in counts] for f in CI_FIELDS]
    samples: dict[str, list[float]] = {k: [] for k in CI_METRICS}
    for idx in resample_indices(len(counts), resamples, seed):
        sums = resampled_sums(columns, idx)
        m = derive(Counts(**dict(zip(CI_FIELDS, sums))), targets_applicable=targets_applicable)
        for k in CI_METRICS:
            v = m[k]
            if v is not None:
                samples[k].append(v)
    return {
        "resamples": resamples,
        "seed": seed,
        "percentiles": [2.5, 97.5],
        "intervals": {k: [percentile(v, 2.5), percentile(v, 97.5)] for k, v in samples.items()},
    }
