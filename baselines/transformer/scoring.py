"""The score step: call the benchmark scorer lazily, and degrade when it is missing.

``benchmark.scorer.score(references, predictions_by_id, *, bootstrap, seed)`` is
imported on first use; when it cannot be imported the step is skipped with a message
(training then selects its checkpoint by validation loss, see :mod:`.train`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any


def load_scorer() -> tuple[Callable[..., Any] | None, str | None]:
    """``(score function, None)``, or ``(None, reason)`` when the scorer is not importable."""
    try:
        from benchmark.scorer import score
    except ImportError as exc:  # the scorer module is being written elsewhere
        return None, f"benchmark.scorer is not importable ({exc})"
    return score, None


def score_predictions(references: Sequence[dict[str, Any]], predictions: Sequence[dict[str, Any]], *,
                      bootstrap: int = 0, seed: int = 0, quiet: bool = False) -> dict[str, Any] | None:
    """Flat scores (``main_score`` first) of prediction lines against gold articles; ``None`` if skipped."""
    score, reason = load_scorer()
    if score is None:
        if not quiet:
            print(f"[transformer] scoring skipped: {reason}", file=sys.stderr)
        return None
    result = score(list(references), {p["id"]: p for p in predictions}, bootstrap=bootstrap, seed=seed)
    flat = dict(result.flat())
    flat.pop("main_score", None)
    return {"main_score": result.main_score, **flat}
