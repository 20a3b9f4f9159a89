"""Turn predicted role spans into quotes: group content segments, attach speaker, cue, targets.

All spans are half-open character spans ``(start, end)`` into the article text.

Grouping content segments into quotes (:func:`group_segments`), in text order; a
segment joins the quote of the segment before it when either rule holds:

* **split quote** (GUIDELINES 2.2): both lie in the same paragraph, the gap between
  them is at most ``max_gap`` characters, holds no other content and contains a
  predicted cue or speaker span (the interrupting frame) but at most one cue; neither
  piece has a frame of its own (a predicted cue or speaker before the earlier piece or
  after the later one, in the same sentence and not beyond a neighbouring segment);
  and either no sentence ends in the gap or the earlier piece stops at a comma inside
  its closing mark and both open with a mark. So ``"A," X said. "B."`` is one quote;
  ``"A," X said. "B," she added, "C."`` is two (``A`` and ``B + C``); ``X said A, and
  added that B`` is two; ``"A," X said, adding that B`` is two.
* **continuation** (GUIDELINES 2.3): the earlier segment opens with a quotation mark,
  runs to the end of its paragraph without a closing mark, and the later segment opens
  the next paragraph with a quotation mark (one short paragraph without content, such
  as "READ MORE: ...", may lie in between).

Cue: the nearest predicted cue in the quote's paragraphs that is not inside its
content, preferring one between its segments. Targets: predicted target spans inside
the content (in text order), then those in the quote's sentences outside any content
(nearest first), at most ``max_targets``. Speaker: the ``link`` callback (the learned
linker, see :mod:`.linking`), or :func:`.linking.heuristic_speaker` when it is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from .encoding import Span, index_of, paragraphs, sentences, span_dict
from .linking import heuristic_speaker

OPENING = "\"“„«‘'"
CLOSING = "\"”»’'"
#: Closing marks that end a piece opened by each opening mark.
MATCHING = {"\"": "\"", "“": "”", "„": "“”", "«": "»", "‘": "’", "'": "'"}
_WORDS = re.compile(r"\w+")
_SENTENCE_GAP = re.compile(r"[.!?…][\"'”’»)]*\s")
NOISE_PARAGRAPH_CHARS = 80

Linker = Callable[[list[Span]], "Span | None"]


def _inside(span: Span, spans: Sequence[Span]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span[0] < e and span[1] > s for s, e in spans)


def _gap(span: Span, spans: Sequence[Span]) -> int:
    """Characters between ``span`` and the nearest of ``spans`` (0 when touching or overlapping)."""
    return min(max(s - span[1], span[0] - e, 0) for s, e in spans)


def _ends_sentence(piece: str) -> bool:
    """True when ``piece`` ends with ``. ! ? …`` before any closing marks."""
    return piece.rstrip(CLOSING + " ")[-1:] in (".", "!", "?", "…")


def _closes(piece: str) -> bool:
    """True when ``piece`` ends with the closing mark matching its opening mark."""
    return len(piece) > 1 and piece[-1] in MATCHING.get(piece[0], "")


def group_segments(text: str, contents: Sequence[Span], cues: Sequence[Span], speakers: Sequence[Span], *,
                   max_gap: int) -> list[list[Span]]:
    """Group content segments into quotes with the split and continuation rules (module docstring)."""
    frames = [*cues, *speakers]
    paras = paragraphs(text)
    segs = sorted(contents)
    para_of = [index_of(paras, s) for s, _ in segs]
    with_content = set(para_of)

    def frame_in(lo: int, hi: int) -> bool:
        return any(lo <= s and e <= hi for s, e in frames)

    def frame_before(i: int) -> bool:
        """A frame precedes segment ``i`` in its sentence (after the previous segment)."""
        s = segs[i][0]
        lo = paras[para_of[i]][0]
        if i and para_of[i - 1] == para_of[i]:
            lo = segs[i - 1][1]
        for m in _SENTENCE_GAP.finditer(text, lo, s):
            lo = m.end()
        return frame_in(lo, s)

    def frame_after(i: int) -> bool:
        """A frame follows segment ``i`` in its sentence (before the next segment)."""
        s, e = segs[i]
        if _ends_sentence(text[s:e]):
            return False
        stop = paras[para_of[i]][1]
        if i + 1 < len(segs) and para_of[i + 1] == para_of[i]:
            stop = segs[i + 1][0]
        m = _SENTENCE_GAP.search(text, e, stop)
        return frame_in(e, m.start() if m else stop)

    def split(i: int) -> bool:
        (ps, pe), (s, _) = segs[i - 1], segs[i]
        if para_of[i] != para_of[i - 1] or s - pe > max_gap or not frame_in(pe, s):
            return False
        if sum(pe <= cs and ce <= s for cs, ce in cues) > 1:
            return False  # "A," X told reporters, adding that B: the second cue is B's
        if frame_before(i - 1) or frame_after(i):
            return False  # one of the two pieces has a frame of its own
        if not _ends_sentence(text[ps:pe]) and not _SENTENCE_GAP.search(text, pe, s):
            return True  # "A," she said, "and B."  /  The plan, he said, would fail.
        # "A," X said. "B."  -- the first piece stops at a comma inside its marks
        return text[ps:pe].rstrip(CLOSING)[-1:] == "," and text[ps] in OPENING and text[s] in OPENING

    def continuation(i: int) -> bool:
        (ps, pe), (s, _) = segs[i - 1], segs[i]
        prev_para, para = para_of[i - 1], para_of[i]
        if text[pe:paras[prev_para][1]].strip() or text[ps] not in OPENING or _closes(text[ps:pe]):
            return False
        if s != paras[para][0] or text[s] not in OPENING:
            return False
        skipped = range(prev_para + 1, para)
        return len(skipped) <= 1 and all(
            k not in with_content and paras[k][1] - paras[k][0] <= NOISE_PARAGRAPH_CHARS for k in skipped
        )

    groups: list[list[Span]] = []
    for i, seg in enumerate(segs):
        if i and (split(i) or continuation(i)):
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return groups


def choose_cue(text: str, quote: Sequence[Span], cues: Sequence[Span], speaker: Span | None = None) -> Span | None:
    """The cue of a quote: in its paragraphs, outside its content, between its segments first, then nearest.

    "Nearest" adds the character gap to the quote and, when a speaker was linked, the
    gap to the speaker (a cue usually sits next to its speaker: "she said").
    """
    paras = paragraphs(text)
    own = {index_of(paras, s) for s, _ in quote}
    cands = [c for c in cues if index_of(paras, c[0]) in own and not _overlaps(c, quote)]
    if not cands:
        return None
    lo, hi = quote[0][0], quote[-1][1]

    def key(c: Span) -> tuple[bool, int, int]:
        near = _gap(c, quote) + (_gap(c, [speaker]) if speaker else 0)
        return (not (lo <= c[0] and c[1] <= hi), near, c[0])

    return min(cands, key=key)


def choose_targets(quote: Sequence[Span], targets: Sequence[Span], sents: Sequence[Span],
                   all_content: Sequence[Span], max_targets: int) -> list[Span]:
    """Targets inside the content, then in the quote's sentences outside any content; at most ``max_targets``."""
    inside = [t for t in targets if _inside(t, quote)]
    own_sents = {k for s, e in quote for k in range(index_of(sents, s), index_of(sents, e - 1) + 1)}
    near = [t for t in targets if not _overlaps(t, all_content) and index_of(sents, t[0]) in own_sents]
    near.sort(key=lambda t: (_gap(t, quote), t[0]))
    return (sorted(inside) + near)[:max_targets]


def assemble(text: str, roles: dict[str, list[Span]], link: Linker | None = None, *,
             max_gap: int = 160, max_targets: int = 3, min_words: int = 1) -> list[dict[str, Any]]:
    """Prediction quotes (``{"content", "speaker", "cue", "targets"}``) from role spans.

    ``roles`` maps ``content``, ``speaker``, ``cue`` and ``target`` to character spans;
    ``link(quote_spans)`` returns the speaker span of a quote or ``None``. Quotes whose
    content holds fewer than ``min_words`` word tokens (``\\w+``) are dropped.
    """
    contents = sorted(roles.get("content", []))
    speakers = sorted(roles.get("speaker", []))
    cues = sorted(roles.get("cue", []))
    sents = sentences(text)
    quotes = []
    for group in group_segments(text, contents, cues, speakers, max_gap=max_gap):
        if sum(len(_WORDS.findall(text, s, e)) for s, e in group) < min_words:
            continue
        speaker = link(group) if link is not None else heuristic_speaker(group, speakers, sents)
        cue = choose_cue(text, group, cues, speaker)
        tgts = choose_targets(group, roles.get("target", []), sents, contents, max_targets)
        quotes.append({
            "content": [span_dict(text, s) for s in group],
            "speaker": span_dict(text, speaker) if speaker else None,
            "cue": span_dict(text, cue) if cue else None,
            "targets": [span_dict(text, t) for t in tgts],
        })
    return quotes
