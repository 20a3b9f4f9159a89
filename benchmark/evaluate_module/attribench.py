"""attribench as a local Hugging Face ``evaluate`` metric (works offline).

Usage::

    import evaluate
    metric = evaluate.load("benchmark/evaluate_module")            # or .../attribench.py
    result = metric.compute(predictions=[json.dumps(line), ...],   # one prediction line per article
                            references=[json.dumps(article), ...])  # one gold article per article
    result["main_score"]

Each prediction is a JSON string of one predictions-file line (``{"id", "quotes"}``, see
``benchmark/schema.py``); each reference is a JSON string of one gold article. Prediction
lines are matched to articles by ``id`` (not by position); an empty string or ``"null"``
stands for a missing prediction, which counts as an article with no predicted quote.
``_compute`` validates the lines (the typed errors of ``benchmark.predictions``) and returns
``benchmark.scorer.score(...).flat()``: the same numbers as the library and the CLI.
"""

import json

import datasets
import evaluate

from benchmark.predictions import validate_lines
from benchmark.scorer import score

_DESCRIPTION = """Quote attribution scorer for news (attribench): aligns predicted and gold quotes
by content token overlap and reports content (exact, token overlap, lenient), speaker, cue,
target and end-to-end attribution precision/recall/F1. main_score is attribution F1.
Definitions: benchmark/METRICS.md."""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of JSON strings, each one predictions-file line {"id": ..., "quotes": [...]}
        ("" or "null" for a missing prediction).
    references: list of JSON strings, each one gold attribench article.
    lenient_threshold: share of gold content tokens an aligned prediction must cover (default 0.5).
    bootstrap: number of bootstrap resamples for 95% intervals (default 0: none).
    seed: bootstrap seed (default 0).
    targets: force target metrics on (True) or off (False); None: on when gold has targets.
Returns:
    The flat score dict: content_exact_p/r/f, content_overlap_p/r/f, content_lenient_p/r/f,
    speaker_strict_acc, speaker_entity_acc, cue_exact_p/r/f, cue_overlap_p/r/f, cue_attached_acc,
    target_exact_p/r/f, target_overlap_p/r/f, target_entity_p/r/f, attribution_p/r/f, main_score,
    counts, missing_ids, slices and (with bootstrap) ci. Ratios are in [0, 1] or None when undefined.
Examples:
    >>> metric = evaluate.load("benchmark/evaluate_module")
    >>> metric.compute(predictions=[pred_json], references=[gold_json])["main_score"]
"""

_CITATION = """@misc{attribench,
  title = {attribench: a benchmark for quote attribution in news},
  year = {2026},
  note = {Scorer and metric card: benchmark/METRICS.md}
}"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class Attribench(evaluate.Metric):
    """The attribench scorer (``benchmark.scorer.score``) behind the ``evaluate`` interface."""

    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({
                "predictions": datasets.Value("string"),
                "references": datasets.Value("string"),
            }),
            reference_urls=["benchmark/METRICS.md"],
        )

    def _compute(self, predictions, references, lenient_threshold=0.5, bootstrap=0, seed=0, targets=None):
        gold = [json.loads(r) for r in references]
        lines = []
        for no, p in enumerate(predictions, 1):
            value = json.loads(p) if p and p.strip() else None
            if value is not None:
                lines.append((no, value))
        preds = validate_lines(lines, gold, file="<predictions>")
        report = score(gold, preds, lenient_threshold=lenient_threshold, bootstrap=bootstrap, seed=seed,
                       targets=targets)
        return report.flat()
