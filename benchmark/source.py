"""Parse the human-readable annotated source format into article records.

One file per article, ``data/source/<id>.txt``: a header between ``---`` lines,
then the article body with inline tags. The format is specified, with examples,
in ``data/GUIDELINES.md`` (section "Authoring format"). Summary::

    ---
    genre: wire
    topic: energy
    outlet_style: international wire service
    spelling: en-GB
    entities:
      okafor: PERSON | Adaeze Okafor
      officials: PERSON | officials | anonymous
    quotes:
      4: speaker=none
    ---
    Headline paragraph

    <q 1>"We will not back down,"</q> <m okafor s1>Okafor</m> <cue 1>said</cue>.

Tags (all closed by ``</name>``, innermost open tag of that name first):

* ``<q N>`` content span of quote ``N`` (repeat for split quotes);
* ``<cue N [M ...]>`` the cue of quotes ``N, M``;
* ``<m ENTITY [sN ...] [tN ...]>`` a mention of ``ENTITY`` (``-`` for none),
  speaker of quotes ``sN``, target of quotes ``tN``;
* ``<neg KIND>`` quoted text that is not a quote (scare, title, nickname, term, other);
* ``<cap>`` a caption paragraph (sets the ``in_caption`` attribute).

Offsets in the result are half-open character offsets into the tag-free text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import DISTRACTOR_KINDS, ENTITY_TYPES, QUOTE_TYPES

TAG_RE = re.compile(r"<(/?)(q|cue|m|neg|cap)(?:\s+([^<>]*?))?\s*>")
PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "their", "its", "our", "my"]
)
DESCRIPTIVE_START = frozenset("the a an one some two three several many another".split())
OPENING_MARKS = "\"“„«‘'"
CLOSING_MARKS = "\"”»’'"
QUOTE_CHARS = frozenset("\"“”„«»")


class SourceError(ValueError):
    """A problem in an annotated source file; the message names file and line."""


@dataclass
class _Open:
    name: str
    args: list[str]
    start: int
    line: int


@dataclass
class _Parsed:
    header: dict[str, Any]
    text: str
    tags: list[tuple[str, list[str], int, int, int]] = field(default_factory=list)


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def parse_header(lines: list[str], where: str) -> dict[str, Any]:
    """Parse the header lines (between the ``---`` fences) into a dict."""
    header: dict[str, Any] = {"entities": {}, "quotes": {}}
    section: str | None = None
    for no, raw in enumerate(lines, start=2):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith((" ", "\t")):
            if section not in ("entities", "quotes"):
                raise SourceError(f"{where}:{no}: indented line outside entities/quotes")
            key, sep, value = line.strip().partition(":")
            if not sep:
                raise SourceError(f"{where}:{no}: expected 'key: value'")
            key, value = key.strip(), value.strip()
            if section == "entities":
                parts = [p.strip() for p in value.split("|")]
                if len(parts) not in (2, 3) or parts[0] not in ENTITY_TYPES:
                    raise SourceError(
                        f"{where}:{no}: entity line must be 'id: TYPE | Name [| anonymous]'"
                        f" with TYPE in {', '.join(ENTITY_TYPES)}"
                    )
                if len(parts) == 3 and parts[2] != "anonymous":
                    raise SourceError(f"{where}:{no}: third entity field must be 'anonymous'")
                if key in header["entities"]:
                    raise SourceError(f"{where}:{no}: entity {key!r} declared twice")
                header["entities"][key] = {
                    "type": parts[0],
                    "name": parts[1],
                    "anonymous": len(parts) == 3,
                }
            else:
                opts: dict[str, str] = {}
                for item in value.split():
                    k, eq, v = item.partition("=")
                    if not eq or k not in ("speaker", "type"):
                        raise SourceError(f"{where}:{no}: quote option must be speaker=ID|none or type=T")
                    opts[k] = v
                if "type" in opts and opts["type"] not in QUOTE_TYPES:
                    raise SourceError(f"{where}:{no}: type must be one of {', '.join(QUOTE_TYPES)}")
                header["quotes"][key] = opts
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise SourceError(f"{where}:{no}: expected 'key: value'")
        key, value = key.strip(), value.strip()
        if key in ("entities", "quotes"):
            section = key
            if value:
                raise SourceError(f"{where}:{no}: '{key}:' takes indented lines below it")
        else:
            section = None
            header[key] = value
    return header


def parse_body(body: str, where: str, first_line: int) -> tuple[str, list[tuple[str, list[str], int, int, int]]]:
    """Strip tags from ``body``; return the clean text and ``(name, args, start, end, line)`` per tag."""
    out: list[str] = []
    pos = 0  # position in the clean text
    last = 0
    stack: list[_Open] = []
    closed: list[tuple[str, list[str], int, int, int]] = []
    for m in TAG_RE.finditer(body):
        chunk = body[last : m.start()]
        out.append(chunk)
        pos += len(chunk)
        last = m.end()
        line = first_line + body.count("\n", 0, m.start())
        closing, name, args = m.group(1) == "/", m.group(2), (m.group(3) or "").split()
        if not closing:
            stack.append(_Open(name, args, pos, line))
            continue
        if args:
            raise SourceError(f"{where}:{line}: closing tag </{name}> takes no arguments")
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].name == name:
                opened = stack.pop(i)
                closed.append((name, opened.args, opened.start, pos, opened.line))
                break
        else:
            raise SourceError(f"{where}:{line}: </{name}> closes nothing")
    if stack:
        o = stack[-1]
        raise SourceError(f"{where}:{o.line}: <{o.name} {' '.join(o.args)}> is never closed")
    out.append(body[last:])
    text = "".join(out)
    for bad in ("<q ", "</q", "<m ", "</m", "<cue", "</cue", "<neg", "</neg", "<cap", "</cap"):
        idx = text.find(bad)
        if idx >= 0:
            raise SourceError(f"{where}: malformed tag near {text[max(0, idx - 20): idx + 20]!r}")
    return text, closed


def quote_type(text: str, content: list[dict[str, Any]]) -> str:
    """Derive a quote's type from quotation marks (GUIDELINES.md, "Quote type").

    ``direct``: every content span opens with an opening mark and ends with a
    closing mark. ``mixed``: otherwise, the content contains a quotation mark
    (double marks, or a single mark opening a word). ``indirect``: no marks.
    """
    def is_direct(s: dict[str, Any], last: bool) -> bool:
        t = s["text"]
        if len(t) < 2 or t[0] not in OPENING_MARKS:
            return False
        # A non-final piece may stop at a paragraph end without closing (continuation).
        at_paragraph_end = s["end"] == len(text) or text.startswith("\n\n", s["end"])
        return t[-1] in CLOSING_MARKS or (not last and at_paragraph_end)

    if all(is_direct(s, i == len(content) - 1) for i, s in enumerate(content)):
        return "direct"
    for s in content:
        t = s["text"]
        if any(c in QUOTE_CHARS for c in t):
            return "mixed"
        if re.search(r"(?:^|\s)[‘'’]\w", t):
            return "mixed"
    return "indirect"


def speaker_kind(entity: dict[str, Any] | None, mention: dict[str, Any] | None) -> str:
    """Derive the speaker-mention kind: name, pronoun, description, anonymous or none."""
    if entity is None or mention is None:
        return "none"
    if entity["anonymous"]:
        return "anonymous"
    words = re.findall(r"[\w'’-]+", mention["text"])
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    name = re.findall(r"[\w'’-]+", entity["name"])
    if not name or not name[0][:1].isupper() or name[0].lower() in DESCRIPTIVE_START:
        return "description"  # the entity has no proper name ("a buyer in Lima", "the ministry")
    name_words = {w.lower() for w in name if w[:1].isupper()}
    if any(w[:1].isupper() and w.lower() in name_words for w in words):
        return "name"
    return "description"


def parse_source(src: str, article_id: str, where: str) -> dict[str, Any]:
    """Compile one annotated source file's content into an article record."""
    lines = src.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(f"{where}:1: file must start with a '---' header")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise SourceError(f"{where}: header is not closed by '---'") from None
    header = parse_header(lines[1:end], where)
    for key in ("genre", "topic", "outlet_style", "spelling"):
        if not header.get(key):
            raise SourceError(f"{where}: header lacks '{key}'")
    body = "\n".join(lines[end + 1 :])
    lead = len(body) - len(body.lstrip())
    first_line = end + 2 + body.count("\n", 0, lead)
    text, tags = parse_body(body.strip(), where, first_line)
    return _assemble(header, text, tags, article_id, where)


def _assemble(header: dict[str, Any], text: str, tags: list[tuple[str, list[str], int, int, int]],
              article_id: str, where: str) -> dict[str, Any]:
    declared = header["entities"]
    mentions: dict[str, list[dict[str, Any]]] = {k: [] for k in declared}
    content: dict[str, list[dict[str, Any]]] = {}
    cues: dict[str, dict[str, Any]] = {}
    speakers: dict[str, tuple[str, dict[str, Any]]] = {}
    targets: dict[str, list[tuple[str | None, dict[str, Any]]]] = {}
    captions: list[tuple[int, int]] = []
    distractors: list[dict[str, Any]] = []

    def qid(raw: str, line: int) -> str:
        if not re.fullmatch(r"[0-9]+[a-z]?", raw):
            raise SourceError(f"{where}:{line}: bad quote number {raw!r}")
        return raw

    for name, args, start, end, line in sorted(tags, key=lambda t: (t[2], -t[3])):
        span = _span(text, start, end)
        if start == end:
            raise SourceError(f"{where}:{line}: empty <{name}> tag")
        if text[start].isspace() or text[end - 1].isspace():
            raise SourceError(f"{where}:{line}: <{name}> span {span['text']!r} starts or ends with whitespace")
        if name == "q":
            if len(args) != 1:
                raise SourceError(f"{where}:{line}: <q> takes exactly one quote number")
            content.setdefault(qid(args[0], line), []).extend(_paragraph_pieces(text, start, end))
        elif name == "cue":
            if not args:
                raise SourceError(f"{where}:{line}: <cue> needs at least one quote number")
            for a in args:
                q = qid(a, line)
                if q in cues:
                    raise SourceError(f"{where}:{line}: quote {q} has two cues")
                cues[q] = span
        elif name == "m":
            if not args:
                raise SourceError(f"{where}:{line}: <m> needs an entity id or '-'")
            ent = None if args[0] == "-" else args[0]
            if ent is not None:
                if ent not in declared:
                    raise SourceError(f"{where}:{line}: entity {ent!r} is not declared in the header")
                mentions[ent].append(span)
            roles = args[1:]
            if ent is None and not roles:
                raise SourceError(f"{where}:{line}: <m -> without a role marks nothing")
            for role in roles:
                if role[:1] == "s":
                    if ent is None:
                        raise SourceError(f"{where}:{line}: a speaker mention needs an entity")
                    q = qid(role[1:], line)
                    if q in speakers:
                        raise SourceError(f"{where}:{line}: quote {q} has two speaker mentions")
                    speakers[q] = (ent, span)
                elif role[:1] == "t":
                    targets.setdefault(qid(role[1:], line), []).append((ent, span))
                else:
                    raise SourceError(f"{where}:{line}: mention role {role!r} must be sN or tN")
        elif name == "neg":
            if len(args) != 1 or args[0] not in DISTRACTOR_KINDS:
                raise SourceError(f"{where}:{line}: <neg KIND> with KIND in {', '.join(DISTRACTOR_KINDS)}")
            distractors.append({**span, "kind": args[0]})
        elif name == "cap":
            captions.append((start, end))

    for q in list(cues) + list(speakers) + list(targets) + list(header["quotes"]):
        if q not in content:
            raise SourceError(f"{where}: quote {q} is referenced but has no <q {q}> content")

    entities = []
    for eid, info in declared.items():
        if not mentions[eid] and not any(o.get("speaker") == eid for o in header["quotes"].values()):
            raise SourceError(f"{where}: entity {eid!r} is declared but never mentioned")
        entities.append({"id": eid, "name": info["name"], "type": info["type"],
                         "anonymous": info["anonymous"], "mentions": mentions[eid]})
    by_id = {e["id"]: e for e in entities}

    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)]
    headline_end = paragraphs[0][1] if paragraphs else 0

    order = sorted(content, key=lambda q: (min(s["start"] for s in content[q]), q))
    quotes = []
    for q in order:
        spans = sorted(content[q], key=lambda s: s["start"])
        opts = header["quotes"].get(q, {})
        if q in speakers:
            if "speaker" in opts:
                raise SourceError(f"{where}: quote {q} has a speaker mention and a header speaker=")
            ent, mention = speakers[q]
            speaker: dict[str, Any] | None = {"entity": ent, "mention": mention}
        elif opts.get("speaker") == "none":
            speaker = None
        elif opts.get("speaker"):
            if opts["speaker"] not in by_id:
                raise SourceError(f"{where}: quote {q} speaker {opts['speaker']!r} is not declared")
            speaker = {"entity": opts["speaker"], "mention": None}
        else:
            raise SourceError(f"{where}: quote {q} has no speaker mention; tag one or declare speaker=none")
        lo, hi = spans[0]["start"], spans[-1]["end"]
        speaker_ent = by_id[speaker["entity"]] if speaker else None
        quotes.append({
            "id": f"q{q}",
            "type": opts.get("type") or quote_type(text, spans),
            "content": spans,
            "cue": cues.get(q),
            "speaker": speaker,
            "targets": [{"entity": e, "mention": m}
                        for e, m in sorted(targets.get(q, []), key=lambda t: t[1]["start"])],
            "nested_in": None,
            "attributes": {
                "speaker_kind": speaker_kind(speaker_ent, speaker["mention"] if speaker else None),
                "speaker_type": speaker_ent["type"] if speaker_ent else None,
                "multi_paragraph": "\n\n" in text[lo:hi],
                "split": _split_around_cue(spans, cues.get(q), speaker["mention"] if speaker else None),
                "in_headline": hi <= headline_end,
                "in_caption": any(a <= lo and hi <= b for a, b in captions),
                "nested": False,
            },
        })
    _nest(quotes)
    title = text[:headline_end]
    return {
        "id": article_id,
        "title": title,
        "text": text,
        "genre": header["genre"],
        "topic": header["topic"],
        "outlet_style": header["outlet_style"],
        "spelling": header["spelling"],
        "entities": entities,
        "quotes": quotes,
        "distractors": sorted(distractors, key=lambda d: d["start"]),
    }


def _paragraph_pieces(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """Cut a content span at paragraph breaks: one span per paragraph (GUIDELINES 2.3)."""
    pieces = []
    for m in re.finditer(r"\S(?:.*?\S)?(?=\n\n|$)", text[start:end], re.DOTALL):
        pieces.append(_span(text, start + m.start(), start + m.end()))
    return pieces


def _split_around_cue(spans: list[dict[str, Any]], cue: dict[str, Any] | None,
                      mention: dict[str, Any] | None) -> bool:
    """True when the cue or speaker mention sits between two content spans of the quote."""
    return any(
        frame is not None and a["end"] <= frame["start"] and frame["end"] <= b["start"]
        for a, b in itertools.pairwise(spans)
        for frame in (cue, mention)
    )


def _nest(quotes: list[dict[str, Any]]) -> None:
    """Set ``nested_in`` to the smallest other quote whose content contains all of a quote's content."""
    def inside(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return all(any(p["start"] <= s["start"] and s["end"] <= p["end"] for p in b["content"]) for s in a["content"])

    def size(q: dict[str, Any]) -> int:
        return sum(s["end"] - s["start"] for s in q["content"])

    for q in quotes:
        parents = [p for p in quotes if p is not q and inside(q, p) and size(p) > size(q)]
        if parents:
            q["nested_in"] = min(parents, key=size)["id"]
            q["attributes"]["nested"] = True


def read_source(path: Path) -> dict[str, Any]:
    """Read and compile one source file; the article id is the file stem."""
    return parse_source(path.read_text(encoding="utf-8"), path.stem, str(path))


def strip_markup(src: str) -> str:
    """Return the plain article text of a source file (header and tags removed)."""
    lines = src.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    text, _ = parse_body("\n".join(lines[end + 1 :]).strip(), "<text>", 1)
    return text
