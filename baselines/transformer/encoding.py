"""Tokens, windows, BIO tags and the mapping between tokens and character offsets.

Conventions
-----------
* Character offsets are half-open Python ``str`` indices into ``article["text"]``
  (code points, as in :mod:`benchmark.schema`). The fast tokenizer's
  ``offset_mapping`` is in the same unit, emoji and accented letters included.
* A **document token** is a token of the whole article tokenised once without special
  tokens; token ``t`` covers ``text[offsets[t][0]:offsets[t][1]]``. Token ranges are
  half-open ``(first, last + 1)`` document-token indices.
* A **window** is a document-token range ``(a, b)`` of at most ``max_length - 2``
  tokens, fed to the encoder as ``[CLS] tokens[a:b] [SEP]``: window position ``i``
  (``1 <= i <= b - a``) holds document token ``a + i - 1``. Consecutive windows share
  ``stride`` tokens (Hugging Face's meaning of stride); the last window is aligned to
  the end of the article, so it may share more.
* Four tag sequences, one per role in :data:`ROLES`, each with tags ``TAG_O=0, TAG_B=1, TAG_I=2`` (O, B, I).
  A token is inside a span when it shares a character with it; the first such token is
  ``B``. Decoding reads ``I`` after ``O`` as the start of a span, and never lets a span
  run over a paragraph break (a blank line), as no gold span does.
* Gold spans per role (:func:`gold_role_spans`): **content** of top-level quotes only
  (nested quotes lie inside their parent's content and cannot be tagged in the same
  sequence; their speakers, cues and targets are still tagged in the other roles);
  every **speaker** mention, **cue** and **target** mention, each once. Overlapping spans
  of one role keep the earlier (then longer) one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

ROLES = ("content", "speaker", "cue", "target")
TAG_O, TAG_B, TAG_I = 0, 1, 2
NUM_TAGS = 3
IGNORE = -100  # label of special and padding positions

Span = tuple[int, int]  # half-open character span
TokenRange = tuple[int, int]  # half-open document-token range


@dataclass(frozen=True)
class Encoding:
    """One article tokenised once: token ids and character offsets (no special tokens)."""

    text: str
    input_ids: tuple[int, ...]
    offsets: tuple[Span, ...]

    @cached_property
    def starts(self) -> list[int]:
        """Start offset of each token."""
        return [s for s, _ in self.offsets]

    @cached_property
    def ends(self) -> list[int]:
        """End offset of each token."""
        return [e for _, e in self.offsets]

    def __len__(self) -> int:
        return len(self.input_ids)


def encode_text(tokenizer: Any, text: str) -> Encoding:
    """Tokenise ``text`` with a fast tokenizer, keeping character offsets."""
    if not getattr(tokenizer, "is_fast", False):
        raise TypeError("the transformer baseline needs a fast tokenizer (offset_mapping)")
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    ids = tuple(int(i) for i in enc["input_ids"])
    offsets = tuple((int(s), int(e)) for s, e in enc["offset_mapping"])
    return Encoding(text, ids, offsets)


def windows(n_tokens: int, max_length: int, stride: int) -> list[TokenRange]:
    """Cover ``n_tokens`` document tokens with windows of ``max_length - 2`` tokens sharing ``stride``."""
    size = max_length - 2
    if n_tokens <= 0:
        return []
    if n_tokens <= size:
        return [(0, n_tokens)]
    step = max(1, size - stride)
    starts = list(range(0, n_tokens - size, step)) + [n_tokens - size]
    out: list[TokenRange] = []
    for a in starts:
        if not out or out[-1][0] != a:
            out.append((a, a + size))
    return out


def window_input(enc: Encoding, window: TokenRange, cls_id: int, sep_id: int) -> list[int]:
    """The encoder input ids of one window: ``[CLS] tokens [SEP]``."""
    a, b = window
    return [cls_id, *enc.input_ids[a:b], sep_id]


def paragraph_breaks(enc: Encoding) -> list[bool]:
    """``breaks[t]`` is True when a blank line separates token ``t - 1`` from token ``t``."""
    out = [False] * len(enc)
    for t in range(1, len(enc)):
        gap = enc.text[enc.offsets[t - 1][1] : enc.offsets[t][0]]
        out[t] = "\n\n" in gap or "\n \n" in gap
    return out


def tokens_of_span(enc: Encoding, span: Span) -> TokenRange | None:
    """The document tokens sharing a character with ``span``; ``None`` when there are none.

    Token offsets are sorted and do not overlap, so the tokens of a span are the
    contiguous run from the first token ending after ``start`` to the last token
    starting before ``end``.
    """
    s, e = span
    a = bisect_right(enc.ends, s)
    b = bisect_left(enc.starts, e)
    return (a, b) if a < b else None


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    """Sort by (start, -length) and drop spans overlapping an already kept one."""
    kept: list[Span] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]))):
        if e <= s:
            continue
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept


def gold_role_spans(article: dict[str, Any]) -> dict[str, list[Span]]:
    """The character spans each role's tag sequence is trained on (see module docstring)."""
    content: list[Span] = []
    speaker: list[Span] = []
    cue: list[Span] = []
    target: list[Span] = []
    for q in article.get("quotes", []):
        if q.get("nested_in") is None:
            content.extend((s["start"], s["end"]) for s in q["content"])
        sp = q.get("speaker")
        if sp and sp.get("mention"):
            speaker.append((sp["mention"]["start"], sp["mention"]["end"]))
        if q.get("cue"):
            cue.append((q["cue"]["start"], q["cue"]["end"]))
        target.extend((t["mention"]["start"], t["mention"]["end"]) for t in q.get("targets", []))
    return {
        "content": _dedupe(content),
        "speaker": _dedupe(speaker),
        "cue": _dedupe(cue),
        "target": _dedupe(target),
    }


def spans_to_bio(enc: Encoding, spans: Sequence[Span]) -> list[int]:
    """Encode character spans as one BIO tag per document token (spans must not overlap)."""
    tags = [TAG_O] * len(enc)
    for span in spans:
        rng = tokens_of_span(enc, span)
        if rng is None:
            continue
        a, b = rng
        if tags[a] != TAG_O:  # touches the previous span's last token: keep both apart
            a += 1
            if a >= b:
                continue
        tags[a] = TAG_B
        for t in range(a + 1, b):
            tags[t] = TAG_I
    return tags


def bio_to_token_ranges(tags: Sequence[int], breaks: Sequence[bool] | None = None) -> list[TokenRange]:
    """Decode BIO tags into token ranges; ``I`` after ``O`` opens a span; spans stop at paragraph breaks."""
    out: list[TokenRange] = []
    start: int | None = None
    for t, tag in enumerate(tags):
        cut = breaks is not None and breaks[t]
        if start is not None and (tag != TAG_I or cut):
            out.append((start, t))
            start = None
        if tag in (TAG_B, TAG_I) and start is None:
            start = t
    if start is not None:
        out.append((start, len(tags)))
    return out


def token_range_to_span(enc: Encoding, rng: TokenRange) -> Span | None:
    """The character span of a token range, trimmed so it neither starts nor ends with whitespace."""
    a, b = rng
    s, e = enc.offsets[a][0], enc.offsets[b - 1][1]
    while s < e and enc.text[s].isspace():
        s += 1
    while e > s and enc.text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else None


def decode_spans(enc: Encoding, tags: Sequence[int], breaks: Sequence[bool] | None = None) -> list[Span]:
    """BIO tags to trimmed character spans (in text order)."""
    out = []
    for rng in bio_to_token_ranges(tags, breaks):
        span = token_range_to_span(enc, rng)
        if span is not None:
            out.append(span)
    return out


def span_dict(text: str, span: Span) -> dict[str, Any]:
    """A prediction span ``{"start", "end", "text"}``."""
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


_PARA_RE = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")
_SENT_END_RE = re.compile(r"[.!?…]+[\"'”’»)]*(?=\s+[\"'“‘«(]*[A-Z0-9])|\n\s*\n")


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans (text between blank lines), as in :mod:`benchmark.source`."""
    return [(m.start(), m.end()) for m in _PARA_RE.finditer(text)]


def sentences(text: str) -> list[Span]:
    """Rough sentence spans: cut after ``. ! ?`` (and closing marks) before a capital, and at blank lines.

    Good enough for "same sentence" tests of targets and the heuristic linker; it
    will cut after abbreviations such as "Dr." followed by a name.
    """
    out: list[Span] = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.end()
        if end > start:
            out.append((start, end))
        start = end
    if start < len(text):
        out.append((start, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def index_of(spans: Sequence[Span], pos: int) -> int:
    """Index of the span (paragraph or sentence) containing character ``pos``, or the nearest one before it."""
    best = 0
    for i, (s, _) in enumerate(spans):
        if s <= pos:
            best = i
        else:
            break
    return best
