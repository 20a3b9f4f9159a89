"""Inference: windows through the encoder, merged tag probabilities, decoded quotes.

For each article: tokenise once (:func:`encoding.encode_text`), cut into windows of
``max_length`` tokens sharing ``stride`` tokens, run the encoder, and merge the
per-window tag probabilities of every document token (``merge="mean"``: plain
average; ``"centre"``: weighted by the token's distance to the window edge + 1, so the
window where the token is most central dominates). A token is inside a span of a role
when its merged probability of ``O`` is below 0.5, and a span is a maximal run of such
tokens, cut at paragraph breaks: the B/I distinction is learned but not used to cut
runs, because no two gold spans of one role touch at token level (checked on the
corpus), while a spurious ``B`` inside a mention would split it. Runs without a letter
or digit (a stray quotation mark) are dropped, and short holes in the content tags
are filled (:func:`fill_gaps`). Token ranges map to character spans
through the offset mapping. :func:`assemble.assemble` then builds the quotes, the
learned linker scoring candidate speakers in the window that holds most of each quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from tqdm.auto import tqdm

from .assemble import assemble
from .encoding import (
    ROLES,
    TAG_I,
    TAG_O,
    Encoding,
    Span,
    TokenRange,
    bio_to_token_ranges,
    encode_text,
    paragraph_breaks,
    token_range_to_span,
    tokens_of_span,
    window_input,
    windows,
)
from .linking import build_item, cumulative_breaks
from .model import AttributionModel, load_model

_WORD = re.compile(r"\w")


@dataclass
class _Doc:
    article: dict[str, Any]
    enc: Encoding
    wins: list[TokenRange]
    probs: list[torch.Tensor] = field(default_factory=list)  # per window, (window length, roles, 3)
    hidden: list[torch.Tensor] = field(default_factory=list)  # per window, (window length + 2, H)


def resolve_device(device: str | torch.device | None = None) -> torch.device:
    """``None``/``"auto"``: CUDA when available, else CPU."""
    if device is None or device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def position_weights(length: int, merge: str) -> torch.Tensor:
    """Per-position weights of a window of ``length`` document tokens (see module docstring)."""
    if merge == "mean":
        return torch.ones(length)
    pos = torch.arange(length, dtype=torch.float32)
    return torch.minimum(pos + 1, length - pos)


def _chunks(articles: Sequence[dict[str, Any]], tokenizer: Any, max_length: int, stride: int,
            min_windows: int) -> Iterator[list[_Doc]]:
    """Group articles so that each group fills at least ``min_windows`` windows (the last may hold fewer)."""
    docs: list[_Doc] = []
    count = 0
    for article in articles:
        enc = encode_text(tokenizer, article["text"])
        wins = windows(len(enc), max_length, stride)
        docs.append(_Doc(article, enc, wins))
        count += len(wins)
        if count >= min_windows:
            yield docs
            docs, count = [], 0
    if docs:
        yield docs


def merge_windows(n_tokens: int, wins: Sequence[TokenRange], window_probs: Sequence[torch.Tensor],
                  merge: str) -> torch.Tensor:
    """Merge per-window tag probabilities into document-token probabilities.

    ``window_probs[k]`` is ``(b - a, roles, tags)`` for window ``wins[k] = (a, b)`` (special
    positions removed). Returns ``(n_tokens, roles, tags)``, a weighted average over the
    windows covering each token (weights: :func:`position_weights`).
    """
    if not window_probs:
        return torch.zeros(n_tokens, len(ROLES), 3)
    acc = torch.zeros(n_tokens, *window_probs[0].shape[1:])
    weight = torch.zeros(n_tokens)
    for (a, b), probs in zip(wins, window_probs):
        w = position_weights(b - a, merge)
        acc[a:b] += probs * w.view(-1, *([1] * (probs.dim() - 1)))
        weight[a:b] += w
    return acc / weight.clamp(min=1e-9).view(-1, *([1] * (acc.dim() - 1)))


@torch.inference_mode()
def _run_windows(model: AttributionModel, tokenizer: Any, docs: list[_Doc], batch_size: int,
                 device: torch.device) -> None:
    """Fill each doc's per-window tag probabilities and hidden states."""
    jobs = [(d, w) for d in docs for w in d.wins]
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    for i in range(0, len(jobs), batch_size):
        batch = jobs[i : i + batch_size]
        rows = [window_input(d.enc, w, tokenizer.cls_token_id, tokenizer.sep_token_id) for d, w in batch]
        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = torch.tensor(row)
            mask[r, : len(row)] = 1
        hidden, logits = model.encode(ids.to(device), mask.to(device))
        probs = logits.float().softmax(-1).cpu()
        hidden = hidden.float().cpu()
        for r, (d, (a, b)) in enumerate(batch):
            d.probs.append(probs[r, 1 : b - a + 1])
            d.hidden.append(hidden[r, : b - a + 2])


def fill_gaps(tags: list[int], frame: Sequence[bool], breaks: Sequence[bool], enc: Encoding,
              max_gap: int) -> list[int]:
    """Fill short holes in a content tag sequence (tags ``TAG_O``/``TAG_I``).

    A run of at most ``max_gap`` outside tokens between two inside tokens becomes
    inside when it holds no speaker or cue token (``frame``), no paragraph break and
    no sentence-final ``. ! ?`` token: in the gold corpus, the only such short holes
    between two content spans are a single full stop between two quotes.
    """
    out = list(tags)
    n = len(out)
    t = 0
    while t < n:
        if out[t] != TAG_O or t == 0 or out[t - 1] == TAG_O:
            t += 1
            continue
        u = t
        while u < n and out[u] == TAG_O:
            u += 1
        if u < n and u - t <= max_gap and not any(frame[t:u]) and not any(breaks[t : u + 1]) and not any(
            enc.text[a:b] in (".", "!", "?", "…") for a, b in enc.offsets[t:u]
        ):
            out[t:u] = [TAG_I] * (u - t)
        t = u
    return out


def _decode_doc(model: AttributionModel, doc: _Doc, device: torch.device) -> dict[str, Any]:
    """The prediction line of one article whose probabilities are filled."""
    cfg = model.config
    enc, text = doc.enc, doc.article["text"]
    if len(enc) == 0:
        return {"id": doc.article["id"], "quotes": []}
    probs = merge_windows(len(enc), doc.wins, doc.probs, cfg.merge)  # (n, roles, tags)
    tags = torch.where(probs[..., TAG_O] < 0.5, TAG_I, TAG_O)  # inside any span of the role
    breaks = paragraph_breaks(enc)
    frame = (tags[:, ROLES.index("speaker")] != TAG_O) | (tags[:, ROLES.index("cue")] != TAG_O)
    content = tags[:, ROLES.index("content")].tolist()
    tags[:, ROLES.index("content")] = torch.tensor(
        fill_gaps(content, frame.tolist(), breaks, enc, cfg.content_fill_gap_tokens))
    ranges: dict[str, list[TokenRange]] = {}
    spans: dict[str, list[Span]] = {}
    for r, role in enumerate(ROLES):
        ranges[role], spans[role] = [], []
        for rng in bio_to_token_ranges(tags[:, r].tolist(), breaks):
            span = token_range_to_span(enc, rng)
            if span is not None and _WORD.search(text, span[0], span[1]):
                ranges[role].append(rng)
                spans[role].append(span)
    link = None
    if cfg.linking == "learned":
        link = _learned_linker(model, doc, ranges, spans, breaks, device)
    quotes = assemble(text, spans, link, max_gap=cfg.merge_max_gap_chars, max_targets=cfg.max_targets,
                      min_words=cfg.min_quote_words)
    return {"id": doc.article["id"], "quotes": quotes}


def _learned_linker(model: AttributionModel, doc: _Doc, ranges: dict[str, list[TokenRange]],
                    spans: dict[str, list[Span]], breaks: list[bool], device: torch.device) -> Any:
    """A ``link(quote_spans) -> speaker span | None`` closure over one article's windows."""
    enc = doc.enc
    cum = cumulative_breaks(breaks)
    in_content = [False] * len(enc)
    for a, b in ranges["content"]:
        for t in range(a, b):
            in_content[t] = True
    cands = ranges["speaker"]

    def link(quote: list[Span]) -> Span | None:
        qranges = [r for r in (tokens_of_span(enc, s) for s in quote) if r is not None]
        if not qranges or not cands:
            return None
        own = [t for a, b in qranges for t in range(a, b)]
        centre = (own[0] + own[-1]) / 2

        def fit(k: int) -> tuple[int, float]:
            a, b = doc.wins[k]
            return sum(a <= t < b for t in own), -abs((a + b) / 2 - centre)

        k = max(range(len(doc.wins)), key=fit)
        built = build_item(qranges, cands, doc.wins[k], cum, in_content, model.config.link_max_distance)
        if built is None or not built[0].candidates:
            return None
        item, kept = built
        with torch.inference_mode():
            best = int(model.linker.scores(doc.hidden[k].to(device), item).argmax())
        return None if best == 0 else spans["speaker"][kept[best - 1]]

    return link


def predict_with_model(model: AttributionModel, tokenizer: Any, articles: Sequence[dict[str, Any]], *,
                       batch_size: int = 16, device: torch.device | None = None,
                       progress: bool = True) -> list[dict[str, Any]]:
    """Prediction lines (one per article, in order) from an in-memory model."""
    device = device or next(model.parameters()).device
    cfg = model.config
    was_training = model.training
    model.eval()
    out: list[dict[str, Any]] = []
    bar = tqdm(total=len(articles), desc="predict", unit="article", disable=not progress)
    for docs in _chunks(articles, tokenizer, cfg.max_length, cfg.stride, 4 * batch_size):
        _run_windows(model, tokenizer, docs, batch_size, device)
        for doc in docs:
            out.append(_decode_doc(model, doc, device))
            bar.update(1)
    bar.close()
    model.train(was_training)
    return out


def predict(model_dir: str | Path, articles: Sequence[dict[str, Any]], *, batch_size: int = 16,
            device: str | None = None, progress: bool = True) -> list[dict[str, Any]]:
    """Load a saved model folder and predict every article (one prediction line each, in order)."""
    dev = resolve_device(device)
    model, tokenizer = load_model(model_dir, dev)
    return predict_with_model(model, tokenizer, articles, batch_size=batch_size, device=dev, progress=progress)
