"""Compare two systems on the same gold articles with a paired bootstrap over articles.

Method (on ``main_score``, the end-to-end attribution F1):

1. Score both systems with :func:`benchmark.scorer.score`; the observed difference is
   ``delta = main_score(A) - main_score(B)``.
2. Draw ``resamples`` samples of the gold articles with replacement
   (``random.Random(seed)``, the same draws as :func:`benchmark.scorer.score` uses for its
   intervals). Each sample is applied to *both* systems (paired), their per-article counts
   are summed and the attribution F1 of each recomputed (quotes are not re-aligned);
   ``delta_b = F_A - F_B``. Samples where either F1 is undefined are left out.
3. The 95% interval of the difference is the 2.5th and 97.5th percentile of ``delta_b``.
4. The p-value tests "no difference": when ``delta > 0`` it is the share of samples with
   ``delta_b <= 0``; when ``delta < 0`` the share with ``delta_b >= 0``; doubled
   (two-sided) and capped at 1. When ``delta == 0`` (or undefined) it is 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping, Sequence

from .counts import PRF, percentile, resample_indices, resampled_sums
from .scorer import score


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: both main scores, their difference, its 95% interval and p-value."""

    main_score_a: float | None
    main_score_b: float | None
    delta: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float
    resamples: int
    seed: int
    n_articles: int

    def as_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (unrounded)."""
        return asdict(self)


_COLUMNS = ("attribution_tp", "n_pred_quotes", "n_gold_quotes")


def _f1(sums: Sequence[int]) -> float | None:
    tp, n_pred, n_gold = sums
    return PRF.of(tp, n_pred, n_gold).fscore


def compare(references: Sequence[Mapping[str, Any]], preds_a: Mapping[str, Mapping[str, Any]],
            preds_b: Mapping[str, Mapping[str, Any]], *, resamples: int = 1000, seed: int = 0) -> Comparison:
    """Paired bootstrap comparison of systems A and B on ``main_score`` (see the module docstring).

    ``preds_a`` / ``preds_b``: ``id -> prediction line`` as for :func:`benchmark.scorer.score`
    (same typed errors). ``resamples``: number of bootstrap samples; ``seed``: their seed.
    """
    references = list(references)
    rep_a = score(references, preds_a, slices=False)
    rep_b = score(references, preds_b, slices=False)
    delta = None
    if rep_a.main_score is not None and rep_b.main_score is not None:
        delta = rep_a.main_score - rep_b.main_score
    col_a = [[getattr(r.counts, f) for r in rep_a.articles] for f in _COLUMNS]
    col_b = [[getattr(r.counts, f) for r in rep_b.articles] for f in _COLUMNS]
    deltas: list[float] = []
    for idx in resample_indices(len(references), resamples if references else 0, seed):
        fa, fb = _f1(resampled_sums(col_a, idx)), _f1(resampled_sums(col_b, idx))
        if fa is not None and fb is not None:
            deltas.append(fa - fb)
    p_value = 1.0
    if delta and deltas:
        against = sum(1 for d in deltas if (d <= 0 if delta > 0 else d >= 0))
        p_value = min(1.0, 2 * against / len(deltas))
    return Comparison(
        main_score_a=rep_a.main_score, main_score_b=rep_b.main_score, delta=delta,
        ci_low=percentile(deltas, 2.5), ci_high=percentile(deltas, 97.5), p_value=p_value,
        resamples=resamples, seed=seed, n_articles=len(references),
    )
