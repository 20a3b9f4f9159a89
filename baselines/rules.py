"""Rule-based attribution baseline: no training, deterministic, fast.

Pipeline per article (offsets are half-open character offsets into ``text``):

1. **Quotation-mark pairing** per paragraph: double marks (straight ``"`` toggling,
   curly ``“ ”``), and single marks (``‘ ’`` or a straight ``'`` that opens a word and
   closes after one) when they enclose at least two words. A paragraph that opens a
   mark without closing it continues into the next paragraph when that one opens a
   mark (news continuation style); otherwise the unclosed mark is dropped.
2. **Distractor filter**: a quoted segment of at most three words with no sentence
   punctuation inside is a scare quote or title unless a cue stands right before it
   (then it is kept as part of a mixed quote, step 4).
3. **Cues and speakers**: a cue from :data:`CUES` adjacent to the quote (``"...," she
   said`` / ``said Ana Ruiz`` / ``Ana Ruiz said: "..."``); the speaker is the noun phrase
   next to the cue (a capitalised name, a pronoun, or a determiner phrase). A quote
   with no cue in its paragraph inherits the previous quote's speaker (continuation).
4. **Indirect and mixed quotes**: ``NP <cue> that <clause>`` and ``according to NP,
   <clause>``; the content runs to the end of the sentence (final stop excluded). A
   clause containing a quoted segment becomes one mixed quote.
5. **Targets**: capitalised names inside the content (not sentence-initial), at most 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Span = tuple[int, int]

CUE_WORDS = frozenset("""
    said says told tells added adds warned warns claimed claims insisted insists argued argues explained
    explains noted notes admitted admits stressed stresses wrote writes posted tweeted conceded concedes vowed
    vows urged urges predicted predicts recalled recalls found finds announced announces alleged alleges
    replied replies maintained maintains suggested suggests acknowledged acknowledges revealed reveals
    complained complains confirmed confirms believes reckoned reckons declared declares countered counters
    cautioned cautions observed observes asserted asserts estimated estimates concluded concludes responded
    responds quipped joked continued continues agreed agrees emphasised emphasized emphasises emphasizes
    boasted lamented promised promises pleaded testified testifies describes called calls shouted reported
    reports ruled rules muttered mutters joked jokes laughed laughs sighed sighs shrugged remembered
    remembers wondered wonders whispered whispers shouted shouts replied recalled grinned beamed
    tells pleads pleaded stated states wrote writes texted emailed messaged insisted
""".split())
CUE_PHRASES = ("according to", "pointed out", "went on", "hit out", "in the words of", "said in a statement")
PRONOUNS = r"(?:he|she|they|it|we|I|He|She|They|It|We)"
PARTICLE = r"(?:de|da|del|van|von|der|den|al|bin|ben|el|la|le|dos|du|di|ter|bint|ibn|Mc)"
TITLE = r"(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Judge|Coach|Mayor|Captain|Chief)\.?\s+"
NAME = rf"(?:{TITLE})?[A-Z][\w'’-]*(?:\s+(?:{PARTICLE}\s+)?[A-Z][\w'’-]*)*"
DETERMINER = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Hh]er|[Hh]is|[Tt]heir)"
DET_NP = rf"{DETERMINER}(?:\s+[\w'’-]+){{1,5}}?"
CUE_ALTERNATIVES = [f"(?i:{re.escape(p)})" for p in CUE_PHRASES] + sorted(CUE_WORDS, key=len, reverse=True)
CUE_RE = re.compile(r"\b(?:" + "|".join(CUE_ALTERNATIVES) + r")\b")
NP_THEN_CUE = re.compile(rf"({NAME}|{PRONOUNS}|{DET_NP})\s+({CUE_RE.pattern})")
OPEN_D, CLOSE_D = "“", "”"
SENT_END = re.compile(r"[.!?](?=[\"”’']?\s|[\"”’']?$)")


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans (separated by blank lines)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)]


def _double_segments(text: str, start: int, end: int) -> tuple[list[Span], int | None]:
    """Paired double-quoted segments in ``text[start:end]`` and the offset of an unclosed opener."""
    segs: list[Span] = []
    open_at: int | None = None
    for i in range(start, end):
        c = text[i]
        if c == OPEN_D or (c == '"' and open_at is None):
            open_at = i
        elif (c == CLOSE_D or c == '"') and open_at is not None:
            segs.append((open_at, i + 1))
            open_at = None
    return segs, open_at


def _single_segments(text: str, start: int, end: int, taken: list[Span]) -> list[Span]:
    """Single-quoted segments of two or more words outside ``taken`` spans."""
    out = []
    pat = re.compile(r"(?<![\w])[‘'](?=\w)(.+?)(?<=[\w.,!?])[’'](?![\w])")
    for m in pat.finditer(text, start, end):
        if len(m.group(1).split()) >= 2 and not any(a <= m.start() < b for a, b in taken):
            out.append((m.start(), m.end()))
    return out


def quoted_segments(text: str) -> list[list[Span]]:
    """Quoted material grouped per quote: a list of per-paragraph spans for each quote."""
    quotes: list[list[Span]] = []
    carry: list[Span] | None = None
    for ps, pe in paragraphs(text):
        segs, unclosed = _double_segments(text, ps, pe)
        segs += _single_segments(text, ps, pe, segs)
        segs.sort()
        if carry is not None:
            if segs and segs[0][0] == ps:  # continuation closes in this paragraph
                carry.append(segs.pop(0))
                quotes.append(carry)
                carry = None
            elif unclosed == ps:  # continues further
                carry.append((ps, pe))
                continue
            else:  # never closed: not a quote we can delimit
                carry = None
        quotes.extend([s] for s in segs)
        if unclosed is not None and text[pe - 1] not in "\"”":
            carry = [(unclosed, pe)]
    return quotes


def _words(text: str, span: Span) -> int:
    return len(text[span[0]:span[1]].split())


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and text[end - 1] in " ,;:.":
        end -= 1
    return start, end


def _sentence(text: str, pos: int, para: Span) -> Span:
    """The sentence around ``pos`` within paragraph ``para`` (leading spaces skipped)."""
    start, end = para
    for m in SENT_END.finditer(text, para[0], para[1]):
        if m.end() <= pos:
            start = m.end()
        else:
            end = m.end()
            break
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _np_before(text: str, end: int, lo: int) -> Span | None:
    """The noun phrase ending right before ``end`` (spaces skipped), not before ``lo``."""
    chunk = text[lo:end].rstrip()
    stop = lo + len(chunk)
    for pat in (rf"(?:{NAME})$", rf"\b{PRONOUNS}$", rf"\b(?:{DET_NP})$"):
        m = re.search(pat, chunk)
        if m:
            s = lo + m.start()
            return s, stop
    return None


def _np_after(text: str, start: int, hi: int) -> Span | None:
    """The noun phrase starting right after ``start`` (spaces skipped), before ``hi``."""
    chunk = text[start:hi]
    lead = len(chunk) - len(chunk.lstrip())
    after_np = r"(?=[,.;:]|\s+(?:who|of|at|in|for|from)\b)"
    m = re.match(rf"(?:[a-z][\w'’-]*\s+){{0,2}}({NAME})|({PRONOUNS})\b|({DET_NP}){after_np}", chunk[lead:])
    if not m:
        return None
    g = next(i for i in (1, 2, 3) if m.group(i))
    s = start + lead + m.start(g)
    return s, _strip(text, s, start + lead + m.end(g))[1]


def _attribute(text: str, quote: list[Span], para: Span) -> tuple[Span | None, Span | None]:
    """Find (cue, speaker) for a direct quote from the text around its first/last span."""
    first, last = quote[0], quote[-1]
    # after the quote: '"...," she said' / '"...," said Ana Ruiz'
    after = text[last[1]:para[1]]
    m = re.match(r"[\s,:]*", after)
    pos = last[1] + (m.end() if m else 0)
    sp = _np_after(text, pos, para[1])
    if sp:
        cm = CUE_RE.match(text, sp[1] + 1) if text[sp[1]:sp[1] + 1] == " " else None
        if cm:
            return (cm.start(), cm.end()), sp
    m = NP_THEN_CUE.match(text, pos, para[1])  # '"...," the official said'
    if m:
        return (m.start(2), m.end(2)), (m.start(1), m.end(1))
    cm = CUE_RE.match(text, pos)
    if cm:
        sp = _np_after(text, cm.end(), para[1])
        return (cm.start(), cm.end()), sp
    # before the quote: 'Ana Ruiz said: "..."' / 'she told reporters: "..."'
    before = text[para[0]:first[0]]
    for cm in reversed(list(CUE_RE.finditer(before))):
        gap = before[cm.end():]
        if len(gap.split()) <= 4 and ("." not in gap):
            cue = (para[0] + cm.start(), para[0] + cm.end())
            return cue, _np_before(text, cue[0], para[0])
        break
    # colon frames without a cue: "'...': Ana Ruiz on ..." / "Ana Ruiz: '...'"
    if after.startswith(":"):
        sp = _np_after(text, pos, para[1])
        if sp:
            return None, sp
    if before.rstrip().endswith(":"):
        sp = _np_before(text, para[0] + len(before.rstrip()) - 1, para[0])
        if sp:
            return None, sp
    return None, None


def _indirect(text: str, para: Span, taken: list[Span]) -> list[dict[str, Any]]:
    """Indirect and mixed quotes: 'NP cue that <clause>' and 'according to NP, <clause>'."""
    out = []
    for m in CUE_RE.finditer(text, para[0], para[1]):
        if any(a <= m.start() < b for a, b in taken):
            continue
        cue = (m.start(), m.end())
        sent = _sentence(text, m.start(), para)
        if m.group(0).lower() == "according to":
            np_ = _np_after(text, m.end(), sent[1])
            if not np_:
                continue
            rest = text[np_[1]:sent[1]]
            comma = rest.find(",")
            if comma < 0:
                start, end = sent[0], m.start()
            else:
                start, end = np_[1] + comma + 1, sent[1]
            content = _strip(text, start, end)
            speaker: Span | None = np_
        else:
            tm = re.match(r"(?:\s+[\w'’-]+){0,3}?\s+that\s+", text[m.end():sent[1]])
            if not tm:
                continue
            start = m.end() + tm.end()
            content = _strip(text, start, sent[1])
            speaker = _np_before(text, m.start(), sent[0])
        if content[1] - content[0] < 8:
            continue
        out.append({"content": [content], "cue": cue, "speaker": speaker})
    return out


def _targets(text: str, content: list[Span]) -> list[Span]:
    found: list[Span] = []
    for s, e in content:
        for m in re.finditer(NAME, text[s:e]):
            a, b = s + m.start(), s + m.end()
            prev = text[s:a].rstrip()[-1:]
            if not prev or prev in ".!?\"“‘'’:" or m.group(0) in ("I", "We", "He", "She", "They", "It"):
                continue
            found.append((a, b))
    return found[:3]


def _span(text: str, s: Span | None) -> dict[str, Any] | None:
    return None if s is None else {"start": s[0], "end": s[1], "text": text[s[0]:s[1]]}


def predict_article(article: dict[str, Any]) -> dict[str, Any]:
    """Predict the quotes of one article (``id`` and ``text`` are all it reads)."""
    text = article["text"]
    paras = paragraphs(text)

    def para_of(pos: int) -> Span:
        return next(p for p in paras if p[0] <= pos < p[1] + 1)

    quotes: list[dict[str, Any]] = []
    prev_speaker: Span | None = None
    prev_para_end = -1
    taken: list[Span] = []
    for q in quoted_segments(text):
        para = para_of(q[0][0])
        direct = len(q) > 1 or _words(text, q[0]) > 3 or bool(re.search(r"[.!?,]", text[q[0][0] + 1:q[0][1] - 1]))
        if not direct:
            continue  # scare quote / title / nickname; may still join a mixed quote below
        cue, speaker = _attribute(text, q, para_of(q[-1][0]))
        if cue is None and speaker is None and prev_speaker is not None and q[0][0] - prev_para_end < 4:
            speaker = prev_speaker  # continuation of the previous paragraph's speaker
        quotes.append({"content": q, "cue": cue, "speaker": speaker})
        taken.extend(q)
        if speaker:
            prev_speaker = speaker
        prev_para_end = para_of(q[-1][0])[1]
    # split quotes: '"A," she said, "b."' (first part ends with a comma inside the marks)
    merged: list[dict[str, Any]] = []
    for cand in quotes:
        if merged:
            prev = merged[-1]
            gap = text[prev["content"][-1][1]:cand["content"][0][0]]
            first_end = prev["content"][-1][1]
            if (prev["cue"] and cand["cue"] in (None, prev["cue"]) and "\n" not in gap
                    and first_end <= prev["cue"][0] and cand["content"][0][0] >= prev["cue"][1]
                    and len(gap.split()) <= 14 and text[first_end - 2] == "," and not SENT_END.search(gap)):
                prev["content"] = prev["content"] + cand["content"]
                continue
        merged.append(cand)
    for para in paras:
        for ind in _indirect(text, para, taken):
            inner = [s for s in taken if ind["content"][0][0] <= s[0] and s[1] <= ind["content"][0][1]]
            if inner:
                merged = [m for m in merged if not all(s in inner for s in m["content"])]
            if any(a < ind["content"][0][1] and ind["content"][0][0] < b for a, b in taken if (a, b) not in inner):
                continue
            merged.append(ind)
    out = []
    for found in sorted(merged, key=lambda x: x["content"][0]):
        out.append({
            "content": [_span(text, s) for s in found["content"]],
            "speaker": _span(text, found["speaker"]),
            "cue": _span(text, found["cue"]),
            "targets": [_span(text, t) for t in _targets(text, found["content"])],
        })
    return {"id": article["id"], "quotes": out}


def predict(articles: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predict every article; returns prediction lines in the predictions format."""
    return [predict_article(a) for a in articles]
