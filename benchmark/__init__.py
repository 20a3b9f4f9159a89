"""attribench: a benchmark for quote attribution in news (who said what, about whom).

Quickstart::

    import benchmark
    ds = benchmark.load_dataset()            # DatasetDict: train / validation / test
    scores = benchmark.score(gold, predictions)

Offsets everywhere are half-open character offsets into an article's ``text``.
"""

from __future__ import annotations

from typing import Any

__version__ = "1.0.0"
CORPUS_VERSION = "1.0.0"

__all__ = ["load_dataset", "validate", "score", "__version__", "CORPUS_VERSION"]


def __getattr__(name: str) -> Any:  # lazy: keep `import benchmark` light
    if name == "load_dataset":
        from .loader import load_dataset

        return load_dataset
    if name == "validate":
        from .validate import validate

        return validate
    if name == "score":
        from .scorer import score

        return score
    raise AttributeError(name)
