"""Tokenisation and span normalisation used by the scorer.

Units and conventions
---------------------
* Offsets are half-open character offsets (Python ``str`` indices) into an article's
  ``text``: a span ``(start, end)`` covers ``text[start:end]``.
* A **token** is a maximal match of the Unicode regex ``\\w+`` in the article text
  (letters, digits and underscore of any script). Punctuation, quotation marks and
  whitespace are never tokens, so they never change a token overlap.
* The **token set of a span** is the set of indices of the tokens that share at least
  one character with it (a span that cuts a word in half still covers that word);
  an empty span covers no token.
* The **normalised form** of a list of spans (:func:`normalise_spans`) strips
  whitespace, quotation marks of every kind and punctuation from both edges of each
  span, drops spans left empty, sorts the rest and merges ranges that overlap or are
  separated only by whitespace, quotation marks or punctuation. Two spans (or span
  lists) are *exactly equal after normalisation* when their normalised forms are equal
  and not empty.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterable

TOKEN_RE = re.compile(r"\w+")

#: Quotation marks stripped at span edges, in addition to every Unicode punctuation
#: character (categories P*): straight, curly, low-9, guillemets, primes, CJK corners.
QUOTE_MARKS = frozenset("\"'“”„‟«»‘’‚‛‹›`´′″「」『』")

Range = tuple[int, int]
#: The normalised form of a span list: merged, sorted, non-empty ``(start, end)`` ranges.
NormSpans = tuple[Range, ...]


@lru_cache(maxsize=4096)
def is_edge_char(char: str) -> bool:
    """True for a character stripped at span edges: whitespace, a quotation mark or punctuation."""
    return char.isspace() or char in QUOTE_MARKS or unicodedata.category(char)[0] == "P"


class TokenIndex:
    """The ``\\w+`` tokens of one article text, for fast span -> token lookups.

    ``starts[i]`` and ``ends[i]`` are the half-open character offsets of token ``i``.
    """

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(TOKEN_RE.finditer(text))
        self.starts: list[int] = list(map(re.Match.start, matches))
        self.ends: list[int] = list(map(re.Match.end, matches))

    def __len__(self) -> int:
        return len(self.starts)

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens sharing at least one character with ``text[start:end]``."""
        if end <= start:
            return range(0)
        return range(bisect_right(self.ends, start), bisect_left(self.starts, end))

    def tokens(self, spans: Iterable[Range]) -> frozenset[int]:
        """The union of the token sets of ``spans`` (a quote's content tokens)."""
        out: set[int] = set()
        for start, end in spans:
            out.update(self.token_range(start, end))
        return frozenset(out)

    def overlaps(self, a: Range, b: Range) -> bool:
        """True when spans ``a`` and ``b`` share at least one token."""
        ra, rb = self.token_range(*a), self.token_range(*b)
        return max(ra.start, rb.start) < min(ra.stop, rb.stop)

    def hits(self, span: Range, tokens: frozenset[int] | set[int]) -> bool:
        """True when ``span`` covers at least one token of the set ``tokens``."""
        return any(t in tokens for t in self.token_range(*span))


def strip_span(text: str, start: int, end: int) -> Range | None:
    """Strip edge characters (:func:`is_edge_char`) from ``text[start:end]``; ``None`` if nothing is left."""
    while start < end and is_edge_char(text[start]):
        start += 1
    while end > start and is_edge_char(text[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def normalise_spans(text: str, spans: Iterable[Range]) -> NormSpans:
    """The normalised form of a list of spans (see the module docstring); ``()`` when all are empty."""
    stripped = sorted(r for r in (strip_span(text, s, e) for s, e in spans) if r is not None)
    merged: list[Range] = []
    for start, end in stripped:
        if merged:
            last_start, last_end = merged[-1]
            if start <= last_end or all(is_edge_char(c) for c in text[last_end:start]):
                merged[-1] = (last_start, max(last_end, end))
                continue
        merged.append((start, end))
    return tuple(merged)


def normalise_span(text: str, span: Range | None) -> NormSpans:
    """The normalised form of one span (``()`` for ``None`` or a span of punctuation only)."""
    if span is None:
        return ()
    stripped = strip_span(text, *span)
    return () if stripped is None else (stripped,)
