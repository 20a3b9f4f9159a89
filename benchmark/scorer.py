"""The attribench scorer: ``score(references, predictions) -> ScoreReport``.

Every metric is defined in ``benchmark/METRICS.md`` (the metric card). In short, per
article: predicted quotes are aligned one-to-one with gold quotes by content token
overlap (:func:`benchmark.alignment.align_quotes`); each aligned pair is checked for
exact content, token overlap and lenient match (overlap / gold tokens >= threshold);
leniently matched pairs are checked for speaker, cue and targets; cues and targets are
also matched as free-standing spans. Everything is counted in a :class:`Counts` per
article, summed, and only then turned into ratios. Offsets are half-open character
offsets into ``article["text"]``; tokens are ``\\w+`` matches (:mod:`benchmark.tokens`).

Standard library only: no numpy in the hot path.
"""

from __future__ import annotations

import copy
import gc
import json
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from .alignment import align_quotes, max_matching
from .counts import Counts, Metric, bootstrap_intervals, derive
from .predictions import UnknownArticle, check_spans
from .tokens import NormSpans, Range, TokenIndex, normalise_span, normalise_spans

#: Article fields that are never slices (other string fields are).
ARTICLE_FIXED_FIELDS = frozenset({"id", "title", "text"})


class QuoteOutcome(NamedTuple):
    """What happened to one gold quote; the quote-level slices it belongs to (``(attribute, value)``)."""

    slices: tuple[tuple[str, str], ...]
    matched: bool
    speaker_strict: bool
    speaker_entity: bool
    attributed: bool
    overlap: int
    gold_tokens: int


@dataclass
class ArticleResult:
    """The counts of one gold article, its gold-quote outcomes and its article-level slices."""

    id: str
    counts: Counts
    quotes: list[QuoteOutcome]
    slices: tuple[tuple[str, str], ...]


@dataclass
class ScoreReport:
    """The result of :func:`score`: summed counts, derived metrics, slices and intervals.

    ``metrics`` holds the flat metric keys (``content_exact_p`` ... ``main_score``);
    ``slices`` is ``{"article": {field: {value: metrics}}, "quote": {attribute: {value: recall metrics}}}``;
    ``ci`` is set when a bootstrap was requested. Ratios are never rounded.
    """

    metrics: dict[str, Metric]
    counts: Counts
    missing_ids: list[str]
    targets_applicable: bool
    lenient_threshold: float
    slices: dict[str, Any] = field(default_factory=dict)
    ci: dict[str, Any] | None = None
    articles: list[ArticleResult] = field(default_factory=list, repr=False)

    @property
    def main_score(self) -> float | None:
        """End-to-end attribution F1 (``attribution_f``); ``None`` with no gold and no predicted quote."""
        return self.metrics["main_score"]  # type: ignore[return-value]

    def __getitem__(self, key: str) -> Metric:
        return self.metrics[key]

    def flat(self) -> dict[str, Any]:
        """Flat metric keys plus ``targets_applicable``, ``lenient_threshold``, ``missing_ids``, ``slices``, ``ci``."""
        out: dict[str, Any] = dict(self.metrics)
        out["targets_applicable"] = self.targets_applicable
        out["lenient_threshold"] = self.lenient_threshold
        out["missing_ids"] = list(self.missing_ids)
        out["slices"] = copy.deepcopy(self.slices)
        if self.ci is not None:
            out["ci"] = copy.deepcopy(self.ci)
        return out


def _r(span: Mapping[str, Any]) -> Range:
    return (span["start"], span["end"])


def _opt(span: Mapping[str, Any] | None) -> Range | None:
    return None if span is None else (span["start"], span["end"])


def canonical_json(quote: Mapping[str, Any]) -> str:
    """A predicted quote as canonical JSON: offsets only, spans sorted, absent fields as null / []."""
    def r(s: Mapping[str, Any] | None) -> list[int] | None:
        return None if s is None else [s["start"], s["end"]]
    return json.dumps({
        "content": sorted([s["start"], s["end"]] for s in quote["content"]),
        "cue": r(quote.get("cue")),
        "speaker": r(quote.get("speaker")),
        "targets": sorted([s["start"], s["end"]] for s in quote.get("targets") or ()),
    }, sort_keys=True, separators=(",", ":"))


def _slice_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


class _Context:
    """One article's text, tokens and entity mentions, with normalisations and token sets cached."""

    def __init__(self, text: str, entities: Iterable[Mapping[str, Any]]) -> None:
        self.text = text
        self.idx = TokenIndex(text)
        self.mentions = {e["id"]: [_r(m) for m in e["mentions"]] for e in entities}
        self._tokens: dict[str, frozenset[int]] = {}
        self._norm: dict[Range, NormSpans] = {}

    def norm(self, span: Range) -> NormSpans:
        """The normalised form of one span (cached)."""
        out = self._norm.get(span)
        if out is None:
            out = self._norm[span] = normalise_span(self.text, span)
        return out

    def same(self, gold: Range | None, pred: Range | None) -> bool:
        """Exact equality after normalisation; two ``None`` are equal, one ``None`` is not."""
        if gold is None or pred is None:
            return gold is None and pred is None
        norm = self.norm(pred)
        return bool(norm) and norm == self.norm(gold)

    def entity_tokens(self, entity: str | None, extra: Range | None = None) -> frozenset[int]:
        """Tokens of every mention of ``entity`` (none for an unknown or null entity), plus ``extra``."""
        toks: frozenset[int] = frozenset()
        if entity is not None:
            if entity not in self._tokens:
                self._tokens[entity] = self.idx.tokens(self.mentions.get(entity, ()))
            toks = self._tokens[entity]
        return toks if extra is None else toks | frozenset(self.idx.token_range(*extra))

    def span_matches(self, gold: Sequence[Range], pred: Sequence[Range]) -> tuple[int, int]:
        """(exact TP, overlap TP) of free-standing spans, one-to-one (deduplicate ``gold`` before)."""
        if not gold or not pred:
            return 0, 0
        gold_keys = Counter(map(self.norm, gold))
        pred_keys = Counter(map(self.norm, pred))
        exact = sum(min(n, pred_keys[k]) for k, n in gold_keys.items() if k)
        owner: dict[int, list[int]] = {}
        for k, g in enumerate(gold):
            for t in self.idx.token_range(*g):
                owner.setdefault(t, []).append(k)
        adjacency = [sorted({k for t in self.idx.token_range(*p) for k in owner.get(t, ())}) for p in pred]
        return exact, max_matching(adjacency)

    def speaker(self, gold: Mapping[str, Any] | None, pred: Range | None) -> tuple[bool, bool]:
        """(strict, entity-level) correctness of a predicted speaker span for a gold speaker."""
        if gold is None or pred is None:
            return gold is None and pred is None, gold is None and pred is None
        gold_mention = _opt(gold["mention"])
        norm = self.norm(pred)
        strict_refs = [gold_mention] if gold_mention is not None else self.mentions.get(gold["entity"], [])
        strict = bool(norm) and any(norm == self.norm(m) for m in strict_refs)
        return strict, self.idx.hits(pred, self.entity_tokens(gold["entity"], gold_mention))

    def target_entity_tp(self, gold: Sequence[tuple[str | None, Range]], pred: Sequence[Range]) -> int:
        """Predicted targets of one pair overlapping a mention of a gold target's entity, one-to-one."""
        if not gold or not pred:
            return 0
        accept = [self.entity_tokens(ent, mention) for ent, mention in gold]
        adjacency = [[k for k, toks in enumerate(accept) if self.idx.hits(p, toks)] for p in pred]
        return max_matching(adjacency)


def score_article(article: Mapping[str, Any], prediction: Mapping[str, Any] | None,
                  lenient_threshold: float = 0.5) -> ArticleResult:
    """Count everything for one gold article and its prediction line (``None``: missing line)."""
    text = article["text"]
    ctx = _Context(text, article["entities"])
    idx = ctx.idx
    golds = sorted(article["quotes"], key=lambda q: (min((s["start"] for s in q["content"]), default=-1), q["id"]))
    preds = list(prediction["quotes"]) if prediction is not None else []
    c = Counts(n_articles=1, n_missing_articles=int(prediction is None),
               n_gold_quotes=len(golds), n_pred_quotes=len(preds))
    g_spans = [[_r(s) for s in q["content"]] for q in golds]
    p_spans = [[_r(s) for s in q["content"]] for q in preds]
    g_tok = [idx.tokens(sp) for sp in g_spans]
    p_tok = [idx.tokens(sp) for sp in p_spans]
    c.gold_tokens = sum(map(len, g_tok))
    c.pred_tokens = sum(map(len, p_tok))
    g_targets = [list(dict.fromkeys((t["entity"], _r(t["mention"])) for t in q["targets"])) for q in golds]
    c.gold_targets = sum(map(len, g_targets))

    outcome: dict[int, tuple[bool, bool, bool, bool, int]] = {}
    pairs = align_quotes(g_tok, p_tok, [min((s for s, _ in sp), default=-1) for sp in g_spans],
                         [min((s for s, _ in sp), default=-1) for sp in p_spans],
                         lambda p: canonical_json(preds[p]))
    for g, p, ov in pairs:
        gq, pq = golds[g], preds[p]
        c.n_aligned += 1
        c.overlap_tokens += ov
        g_norm = normalise_spans(text, g_spans[g]) if len(g_spans[g]) > 1 else ctx.norm(g_spans[g][0])
        p_norm = normalise_spans(text, p_spans[p]) if len(p_spans[p]) != 1 else ctx.norm(p_spans[p][0])
        if g_norm and g_norm == p_norm:
            c.content_exact_tp += 1
        if ov / len(g_tok[g]) < lenient_threshold:
            outcome[g] = (False, False, False, False, ov)
            continue
        c.n_matched += 1
        strict, ent_ok = ctx.speaker(gq["speaker"], _opt(pq.get("speaker")))
        c.speaker_strict_ok += strict
        c.speaker_entity_ok += ent_ok
        c.attribution_tp += ent_ok
        c.cue_attached_ok += ctx.same(_opt(gq["cue"]), _opt(pq.get("cue")))
        p_targets = [_r(t) for t in pq.get("targets") or ()]
        c.pred_targets_matched += len(p_targets)
        c.target_entity_tp += ctx.target_entity_tp(g_targets[g], p_targets)
        outcome[g] = (True, strict, ent_ok, ent_ok, ov)

    gold_cues = sorted({_r(q["cue"]) for q in golds if q["cue"] is not None})
    pred_cues = [_r(q["cue"]) for q in preds if q.get("cue") is not None]
    c.gold_cues, c.pred_cues = len(gold_cues), len(pred_cues)
    c.cue_exact_tp, c.cue_overlap_tp = ctx.span_matches(gold_cues, pred_cues)
    gold_tspans = sorted({m for ts in g_targets for _, m in ts})
    pred_tspans = [_r(t) for q in preds for t in q.get("targets") or ()]
    c.gold_target_spans, c.pred_targets = len(gold_tspans), len(pred_tspans)
    c.target_exact_tp, c.target_overlap_tp = ctx.span_matches(gold_tspans, pred_tspans)

    if article["distractors"] and preds:
        distractor_tokens = idx.tokens(_r(d) for d in article["distractors"])
        gold_tokens = frozenset().union(*g_tok)
        c.distractor_fp = sum(1 for t in p_tok if t & distractor_tokens and not t & gold_tokens)

    quotes = []
    for g, q in enumerate(golds):
        matched, strict, ent_ok, attributed, ov = outcome.get(g, (False, False, False, False, 0))
        slices = (("type", q["type"]),) + tuple((k, _slice_value(v)) for k, v in sorted(q["attributes"].items()))
        quotes.append(QuoteOutcome(slices, matched, strict, ent_ok, attributed, ov, len(g_tok[g])))
    article_slices = tuple(sorted((k, v) for k, v in article.items()
                                  if isinstance(v, str) and k not in ARTICLE_FIXED_FIELDS))
    return ArticleResult(article["id"], c, quotes, article_slices)


def _quote_slice_metrics(sums: Sequence[int]) -> dict[str, Metric]:
    """Recall-side metrics from summed ``(n, matched, strict, entity, attributed, overlap, gold tokens)``."""
    n, matched, strict, entity, attributed, overlap, gold_tokens = sums
    return {
        "n_gold_quotes": n,
        "n_matched": matched,
        "content_lenient_r": matched / n if n else None,
        "content_overlap_r": overlap / gold_tokens if gold_tokens else None,
        "speaker_strict_acc": strict / matched if matched else None,
        "speaker_entity_acc": entity / matched if matched else None,
        "attribution_r": attributed / n if n else None,
    }


def compute_slices(results: Sequence[ArticleResult], *, targets_applicable: bool) -> dict[str, Any]:
    """Article-level slices (full metric sets) and quote-level slices (recall-side metrics)."""
    by_article: dict[str, dict[str, list[Counts]]] = {}
    by_quote: dict[tuple[str, str], list[tuple[int, ...]]] = {}
    for r in results:
        for key, value in r.slices:
            by_article.setdefault(key, {}).setdefault(value, []).append(r.counts)
        for o in r.quotes:
            row = (1, o.matched, o.speaker_strict, o.speaker_entity, o.attributed, o.overlap, o.gold_tokens)
            for kv in o.slices:
                by_quote.setdefault(kv, []).append(row)
    quote: dict[str, dict[str, dict[str, Metric]]] = {}
    for (key, value), rows in sorted(by_quote.items()):
        quote.setdefault(key, {})[value] = _quote_slice_metrics([sum(col) for col in zip(*rows)])
    return {
        "article": {k: {v: derive(Counts.total(cs), targets_applicable=targets_applicable)
                        for v, cs in sorted(vals.items())} for k, vals in sorted(by_article.items())},
        "quote": quote,
    }


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause cyclic garbage collection (scoring creates no reference cycles).

    With a large corpus in memory, the collector's full passes over millions of gold
    objects otherwise take about half the run time and make it grow faster than linearly.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_predictions(references: Iterable[Mapping[str, Any]],
                      predictions: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """``id -> gold article``; raise :class:`UnknownArticle` / :class:`OffsetError` for bad predictions."""
    gold: dict[str, Mapping[str, Any]] = {}
    for a in references:
        if a["id"] in gold:
            raise ValueError(f"gold article id {a['id']!r} occurs twice in the references")
        gold[a["id"]] = a
    for aid, pred in predictions.items():
        if aid not in gold:
            raise UnknownArticle(f"article id {aid!r} is not in the gold set", article_id=aid)
        check_spans(pred, gold[aid]["text"], check_text=False)
    return gold


def score(references: Sequence[Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]], *,
          lenient_threshold: float = 0.5, bootstrap: int = 0, seed: int = 0, targets: bool | None = None,
          slices: bool = True) -> ScoreReport:
    """Score predicted quotes against gold articles.

    ``references``: gold article dicts (``schema.ARTICLE``). ``predictions``:
    ``id -> prediction line`` (``schema.PREDICTION``, e.g. from
    :func:`benchmark.predictions.read_predictions`); a gold article without a line counts
    with zero predicted quotes and is listed in ``missing_ids``. ``lenient_threshold``:
    minimum share of the gold quote's content tokens an aligned prediction must cover.
    ``bootstrap``: number of article resamples for 95% percentile intervals (0: none),
    drawn with ``random.Random(seed)``. ``targets``: whether target metrics apply
    (``None``: only when some gold quote has a target). ``slices``: compute slices.

    Raises :class:`~benchmark.predictions.UnknownArticle` (id not in the references) and
    :class:`~benchmark.predictions.OffsetError` (span outside the text or inverted).
    """
    references = list(references)
    check_predictions(references, predictions)
    applicable = bool(targets) if targets is not None else any(
        q["targets"] for a in references for q in a["quotes"])
    with _gc_paused():
        return _score(references, predictions, lenient_threshold, bootstrap, seed, applicable, slices)


def _score(references: Sequence[Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]],
           lenient_threshold: float, bootstrap: int, seed: int, applicable: bool, slices: bool) -> ScoreReport:
    """The body of :func:`score`, after validation (run with garbage collection paused)."""
    results = [score_article(a, predictions.get(a["id"]), lenient_threshold) for a in references]
    total = Counts.total(r.counts for r in results)
    report = ScoreReport(
        metrics=derive(total, targets_applicable=applicable),
        counts=total,
        missing_ids=sorted(r.id for r in results if r.counts.n_missing_articles),
        targets_applicable=applicable,
        lenient_threshold=lenient_threshold,
        articles=results,
    )
    if slices:
        report.slices = compute_slices(results, targets_applicable=applicable)
    if bootstrap > 0 and results:
        report.ci = bootstrap_intervals([r.counts for r in results], bootstrap, seed,
                                        targets_applicable=applicable)
    return report
