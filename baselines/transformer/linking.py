"""Quote-to-speaker linking: a learned pairwise scorer, and a heuristic fallback.

Learned linker (:class:`LinkScorer`)
------------------------------------
For a quote and the candidate speaker spans in one encoder window, each candidate
gets the score ``MLP([q; c; q*c; e_dist; e_para; e_inside])`` where ``q`` and ``c``
are the mean encoder states of the quote's content tokens and of the candidate's
tokens, ``e_dist`` embeds the signed token distance bucket (:func:`distance_bucket`),
``e_para`` the number of paragraph breaks between them (0, 1, 2+) and ``e_inside``
whether the candidate lies inside another quote's content. A second MLP over ``q``
scores the "no speaker" option; a softmax runs over ``[no speaker, candidates...]``.

Candidates are speaker spans that lie entirely in the window, do not overlap the
quote's own content and are at most ``link_max_distance`` tokens from it. In training
they are the gold speaker mentions of the article (plus, with
``link_mention_negatives``, every tagged entity mention) and the target is the quote's
gold speaker mention, or "no speaker" when the quote has none (a quote whose gold
mention is not among the window's candidates is skipped). At inference they are the
spans the speaker head predicted, scored in the window that holds most of the quote.

Heuristic fallback (:func:`heuristic_speaker`, ``"linking": "heuristic"``): the
predicted speaker span nearest to the quote (in characters) in the quote's sentences
or the sentence before it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from .encoding import Encoding, Span, TokenRange, gold_role_spans, index_of, tokens_of_span

NUM_SIDE_BUCKETS = 8  # log2 buckets on each side: 0, 1-2, 3-6, ..., 127+ tokens
NUM_DISTANCE_BUCKETS = 1 + 2 * NUM_SIDE_BUCKETS
NUM_PARAGRAPH_GAPS = 3


def distance_bucket(quote: TokenRange, cand: TokenRange) -> int:
    """Signed log2 bucket of the token distance from the quote to the candidate.

    0: the candidate lies between the quote's first and last token (a split quote's
    frame); ``1 .. 8``: before the quote, ``9 .. 16``: after it, bucket
    ``floor(log2(gap + 1))`` capped at 7, where ``gap`` counts the tokens in between.
    """
    qa, qb = quote
    ca, cb = cand
    if cb <= qa:
        side, gap = 0, qa - cb
    elif ca >= qb:
        side, gap = 1, ca - qb
    else:
        return 0
    return 1 + side * NUM_SIDE_BUCKETS + min(int(math.log2(gap + 1)), NUM_SIDE_BUCKETS - 1)


def token_gap(quote: TokenRange, cand: TokenRange) -> int:
    """Tokens between the quote's extent and the candidate (0 when adjacent or inside)."""
    qa, qb = quote
    ca, cb = cand
    if cb <= qa:
        return qa - cb
    if ca >= qb:
        return ca - qb
    return 0


def cumulative_breaks(breaks: Sequence[bool]) -> list[int]:
    """``cum[t]`` = paragraph breaks before or at token ``t`` (see :func:`encoding.paragraph_breaks`)."""
    out, total = [], 0
    for flag in breaks:
        total += int(flag)
        out.append(total)
    return out


def paragraph_gap(cum: Sequence[int], quote: TokenRange, cand: TokenRange) -> int:
    """Paragraph breaks between quote and candidate, capped at ``NUM_PARAGRAPH_GAPS - 1``."""
    qa, qb = quote
    ca, cb = cand
    if cb <= qa:
        n = cum[qa] - cum[cb - 1]
    elif ca >= qb:
        n = cum[ca] - cum[qb - 1]
    else:
        n = cum[ca] - cum[qa]
    return min(n, NUM_PARAGRAPH_GAPS - 1)


@dataclass
class LinkItem:
    """One quote and its candidates in one window (positions are window positions, [CLS] = 0)."""

    quote: list[int]
    candidates: list[TokenRange]
    features: list[tuple[int, int, int]] = field(default_factory=list)
    label: int = -1  # 0 = no speaker, k + 1 = candidates[k], -1 = unknown (inference)


def build_item(quote_ranges: Sequence[TokenRange], candidates: Sequence[TokenRange], window: TokenRange,
               cum: Sequence[int], in_content: Sequence[bool], max_distance: int,
               ) -> tuple[LinkItem, list[int]] | None:
    """The :class:`LinkItem` of a quote (document token ranges) in ``window``.

    Returns the item and, for each of its candidates, the index into ``candidates``;
    ``None`` when no content token of the quote lies in the window. ``in_content``
    marks the document tokens inside any quote's content (the quote's own included).
    """
    a, b = window
    own = {t for qa, qb in quote_ranges for t in range(qa, qb)}
    inside = sorted(t for t in own if a <= t < b)
    if not inside:
        return None
    extent = (inside[0], inside[-1] + 1)
    item = LinkItem(quote=[t - a + 1 for t in inside], candidates=[])
    kept: list[int] = []
    for k, (ca, cb) in enumerate(candidates):
        if ca < a or cb > b or any(t in own for t in range(ca, cb)):
            continue
        if token_gap(extent, (ca, cb)) > max_distance:
            continue
        flag = int(any(in_content[t] for t in range(ca, cb)))
        item.candidates.append((ca - a + 1, cb - a + 1))
        item.features.append((distance_bucket(extent, (ca, cb)), paragraph_gap(cum, extent, (ca, cb)), flag))
        kept.append(k)
    return item, kept


def gold_link_items(article: dict[str, Any], enc: Encoding, window: TokenRange, cum: Sequence[int],
                    *, max_distance: int, mention_negatives: bool) -> list[LinkItem]:
    """Training items for the top-level gold quotes that have content in ``window``."""
    roles = gold_role_spans(article)
    spans = set(roles["speaker"])
    if mention_negatives:
        spans |= {(m["start"], m["end"]) for e in article.get("entities", []) for m in e["mentions"]}
    candidates = sorted({r for r in (tokens_of_span(enc, s) for s in spans) if r is not None})
    in_content = [False] * len(enc)
    for span in roles["content"]:
        rng = tokens_of_span(enc, span)
        if rng:
            for t in range(*rng):
                in_content[t] = True
    items: list[LinkItem] = []
    for q in article.get("quotes", []):
        if q.get("nested_in") is not None:
            continue
        ranges = [r for r in (tokens_of_span(enc, (c["start"], c["end"])) for c in q["content"]) if r]
        if not ranges:
            continue
        built = build_item(ranges, candidates, window, cum, in_content, max_distance)
        if built is None:
            continue
        item, kept = built
        mention = (q.get("speaker") or {}).get("mention")
        if mention is None:
            item.label = 0
        else:
            gold = tokens_of_span(enc, (mention["start"], mention["end"]))
            pos = [i for i, k in enumerate(kept) if candidates[k] == gold]
            if not pos:
                continue  # the gold mention is outside this window (or inside the quote)
            item.label = pos[0] + 1
        items.append(item)
    return items


class LinkScorer(nn.Module):
    """Scores ``[no speaker, candidate 1, ...]`` for one quote from window encoder states."""

    def __init__(self, hidden_size: int, link_hidden: int = 128, feature_dim: int = 32, dropout: float = 0.1):
        super().__init__()
        self.distance = nn.Embedding(NUM_DISTANCE_BUCKETS, feature_dim)
        self.paragraph = nn.Embedding(NUM_PARAGRAPH_GAPS, feature_dim)
        self.inside = nn.Embedding(2, feature_dim)
        self.pair = nn.Sequential(
            nn.Linear(3 * hidden_size + 3 * feature_dim, link_hidden), nn.GELU(), nn.Dropout(dropout),
            nn.Linear(link_hidden, 1),
        )
        self.null = nn.Sequential(
            nn.Linear(hidden_size, link_hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(link_hidden, 1)
        )

    def scores(self, hidden: torch.Tensor, item: LinkItem) -> torch.Tensor:
        """Unnormalised scores, shape ``(1 + len(item.candidates),)``; ``hidden`` is ``(L, H)``."""
        q = hidden[item.quote].mean(0)
        null = self.null(q)
        if not item.candidates:
            return null
        c = torch.stack([hidden[a:b].mean(0) for a, b in item.candidates])
        feats = torch.tensor(item.features, dtype=torch.long, device=hidden.device)
        f = torch.cat([self.distance(feats[:, 0]), self.paragraph(feats[:, 1]), self.inside(feats[:, 2])], -1)
        qe = q.unsqueeze(0).expand_as(c)
        pair = self.pair(torch.cat([qe, c, qe * c, f], -1)).squeeze(-1)
        return torch.cat([null, pair])

    def loss(self, hidden: torch.Tensor, items: Sequence[Sequence[LinkItem]]) -> torch.Tensor:
        """Mean cross-entropy over all labelled items of a batch; ``hidden`` is ``(B, L, H)``."""
        losses = []
        for b, batch_items in enumerate(items):
            for item in batch_items:
                if item.label < 0:
                    continue
                s = self.scores(hidden[b], item)
                target = torch.tensor(item.label, device=hidden.device)
                losses.append(nn.functional.cross_entropy(s.unsqueeze(0), target.unsqueeze(0)))
        if not losses:
            return hidden.new_zeros(())
        return torch.stack(losses).mean()


def heuristic_speaker(quote: Sequence[Span], speakers: Sequence[Span], sents: Sequence[Span]) -> Span | None:
    """Fallback linker: the nearest speaker span in the quote's sentences or the one before them.

    Spans overlapping the quote's content are skipped; distance is the character gap
    between the candidate and the nearest content span.
    """
    first = index_of(sents, quote[0][0])
    last = index_of(sents, max(e for _, e in quote) - 1)
    best: tuple[int, Span] | None = None
    for s, e in speakers:
        if any(s < qe and e > qs for qs, qe in quote):
            continue
        idx = index_of(sents, s)
        if not first - 1 <= idx <= last:
            continue
        dist = min(max(qs - e, s - qe, 0) for qs, qe in quote)
        if best is None or dist < best[0]:
            best = (dist, (s, e))
    return best[1] if best else None
