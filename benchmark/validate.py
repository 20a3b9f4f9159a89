"""The corpus validator: proves that every gold label is consistent.

Each problem is a :class:`Problem` naming the rule, the file, the article, the quote
and the offsets, printed on one line. Rules (``Problem.rule``):

``schema``        a field is missing, has the wrong type or an invalid enum value
``offsets``       a span lies outside the text or has ``start > end``
``span-text``     a span's ``text`` differs from ``article.text[start:end]``
``duplicate-id``  an article, entity or quote id occurs twice
``reference``     a speaker/target entity or ``nested_in`` names nothing
``nesting``       a nested quote is not inside its parent
``overlap``       two quotes of the same nesting level share content characters
``mention``       a speaker or target mention is not among its entity's mentions
``targets``       a quote has more than three targets
``distractor``    a distractor lies inside a quote's content
``title``         the title is not the first paragraph of the text
``marks``         a direct quote's double quotation marks are unbalanced (continuation
                  paragraphs excepted, see GUIDELINES.md section 2.3)
``untagged``      an entity's full name occurs in the text outside its tagged mentions
``split-overlap`` an article id is in two splits
``near-duplicate`` two articles share word 5-grams with Jaccard above ``NEAR_DUP_THRESHOLD`` (in a
                  converted third-party corpus, only pairs in different splits count)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from . import paths
from .schema import ARTICLE, SPLITS, check

NEAR_DUP_THRESHOLD = 0.2  # word 5-gram Jaccard; independent news texts score < 0.05


@dataclass(frozen=True)
class Problem:
    """One validation problem, printed as a single line."""

    rule: str
    where: str
    article: str
    message: str
    quote: str | None = None
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        loc = self.article + (f" {self.quote}" if self.quote else "")
        if self.start is not None:
            loc += f" [{self.start}:{self.end}]"
        return f"{self.where}: {loc}: {self.rule}: {self.message}"


def _spans(article: dict[str, Any]) -> Iterable[tuple[str | None, str, dict[str, Any]]]:
    """Yield ``(quote id, role, span)`` for every span in an article."""
    for e in article["entities"]:
        for m in e["mentions"]:
            yield None, f"mention of {e['id']}", m
    for q in article["quotes"]:
        for s in q["content"]:
            yield q["id"], "content", s
        if q["cue"]:
            yield q["id"], "cue", q["cue"]
        if q["speaker"] and q["speaker"]["mention"]:
            yield q["id"], "speaker", q["speaker"]["mention"]
        for t in q["targets"]:
            yield q["id"], "target", t["mention"]
    for d in article["distractors"]:
        yield None, "distractor", d


def _balanced(piece: str, final: bool) -> bool:
    straight = piece.count('"')
    curly = piece.count("“") - piece.count("”")
    if final:
        return straight % 2 == 0 and curly == 0
    return straight % 2 in (0, 1) and curly in (0, 1)


def unbalanced_piece(content: list[dict[str, Any]]) -> tuple[dict[str, Any], str] | None:
    """The first (span, paragraph text) of a direct quote whose double marks do not balance.

    Every paragraph piece but the last may leave one mark open (continuation style).
    """
    for i, s in enumerate(content):
        for j, para in enumerate(s["text"].split("\n\n")):
            final = i == len(content) - 1 and j == s["text"].count("\n\n")
            if not _balanced(para, final):
                return s, para
    return None


def balanced_marks(content: list[dict[str, Any]]) -> bool:
    """True when a direct quote's content has balanced double quotation marks."""
    return unbalanced_piece(content) is None


def check_article(article: dict[str, Any], where: str = "<memory>") -> list[Problem]:
    """Check one article record against every per-article rule."""
    aid = str(article.get("id", "?")) if isinstance(article, dict) else "?"
    structural = check(article, ARTICLE)
    if structural:
        return [Problem("schema", where, aid, msg) for msg in structural]
    out: list[Problem] = []
    text = article["text"]

    def add(rule: str, msg: str, quote: str | None = None, span: dict[str, Any] | None = None) -> None:
        out.append(Problem(rule, where, aid, msg, quote,
                           span["start"] if span else None, span["end"] if span else None))

    for qid, role, s in _spans(article):
        if not 0 <= s["start"] <= s["end"] <= len(text):
            add("offsets", f"{role} span outside the text (length {len(text)}) or inverted", qid, s)
        elif text[s["start"]:s["end"]] != s["text"]:
            add("span-text", f"{role} text {s['text']!r} != slice {text[s['start']:s['end']]!r}", qid, s)
    if any(p.rule == "offsets" for p in out):
        return out

    ents = {}
    for e in article["entities"]:
        if e["id"] in ents:
            add("duplicate-id", f"entity id {e['id']!r} occurs twice")
        ents[e["id"]] = e
    quotes = {}
    for q in article["quotes"]:
        if q["id"] in quotes:
            add("duplicate-id", f"quote id {q['id']!r} occurs twice", q["id"])
        quotes[q["id"]] = q

    def listed(ent: dict[str, Any], span: dict[str, Any]) -> bool:
        return any(m["start"] == span["start"] and m["end"] == span["end"] for m in ent["mentions"])

    for q in article["quotes"]:
        sp = q["speaker"]
        if sp:
            if sp["entity"] not in ents:
                add("reference", f"speaker entity {sp['entity']!r} does not exist", q["id"])
            elif sp["mention"] and not listed(ents[sp["entity"]], sp["mention"]):
                add("mention", f"speaker mention is not a listed mention of {sp['entity']!r}", q["id"], sp["mention"])
        for t in q["targets"]:
            if t["entity"] is None:
                continue
            if t["entity"] not in ents:
                add("reference", f"target entity {t['entity']!r} does not exist", q["id"])
            elif not listed(ents[t["entity"]], t["mention"]):
                add("mention", f"target mention is not a listed mention of {t['entity']!r}", q["id"], t["mention"])
        if len(q["targets"]) > 3:
            add("targets", f"{len(q['targets'])} targets (at most 3)", q["id"])
        if q["nested_in"] is not None:
            parent = quotes.get(q["nested_in"])
            if parent is None:
                add("reference", f"nested_in {q['nested_in']!r} does not exist", q["id"])
            elif not all(any(p["start"] <= s["start"] and s["end"] <= p["end"] for p in parent["content"])
                         for s in q["content"]):
                add("nesting", f"content is not inside its parent {parent['id']}", q["id"], q["content"][0])
        if q["type"] == "direct":
            bad = unbalanced_piece(q["content"])
            if bad:
                add("marks", f"unbalanced quotation marks in {bad[1][:40]!r}", q["id"], bad[0])

    for a, b in combinations(article["quotes"], 2):
        if a["nested_in"] != b["nested_in"]:
            continue
        for sa in a["content"]:
            for sb in b["content"]:
                if sa["start"] < sb["end"] and sb["start"] < sa["end"]:
                    add("overlap", f"shares content characters with {b['id']}", a["id"], sa)

    for d in article["distractors"]:
        for q in article["quotes"]:
            if any(c["start"] <= d["start"] and d["end"] <= c["end"] for c in q["content"]):
                add("distractor", "a distractor lies inside a quote's content (GUIDELINES 2.5)", q["id"], d)

    first_para = text.split("\n\n", 1)[0]
    if article["title"] != first_para:
        add("title", "title is not the first paragraph of the text")

    for e in article["entities"]:
        if e["anonymous"] or e["type"] not in ("PERSON", "ORGANIZATION") or not e["mentions"]:
            continue
        tagged = [(m["start"], m["end"]) for m in e["mentions"]]
        for m in re.finditer(r"(?<!\w)" + re.escape(e["name"]) + r"(?!\w)", text):
            if not any(a <= m.start() and m.end() <= b for a, b in tagged):
                add("untagged", f"{e['name']!r} is not tagged as a mention of {e['id']!r}",
                    span={"start": m.start(), "end": m.end()})
    return out


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def near_duplicates(articles: list[dict[str, Any]], threshold: float = NEAR_DUP_THRESHOLD
                    ) -> list[tuple[str, str, float]]:
    """Pairs of article ids whose word 5-gram Jaccard exceeds ``threshold``, with the score."""
    sh = {a["id"]: _shingles(a["text"]) for a in articles}
    index: dict[tuple[str, ...], list[str]] = {}
    for aid, grams in sh.items():
        for g in grams:
            index.setdefault(g, []).append(aid)
    shared: dict[tuple[str, str], int] = {}
    for ids in index.values():
        for a, b in combinations(sorted(ids), 2):
            shared[(a, b)] = shared.get((a, b), 0) + 1
    out = []
    for (a, b), inter in shared.items():
        jac = inter / (len(sh[a]) + len(sh[b]) - inter)
        if jac > threshold:
            out.append((a, b, jac))
    return sorted(out)


def max_jaccard(articles: list[dict[str, Any]]) -> tuple[float, str | None, str | None]:
    """The largest word 5-gram Jaccard between any two articles, and the pair."""
    pairs = near_duplicates(articles, threshold=-1.0)
    if not pairs:
        return 0.0, None, None
    a, b, j = max(pairs, key=lambda p: p[2])
    return j, a, b


def read_split_file(path: Path) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read a JSONL split file; malformed lines become ``schema`` problems."""
    records, problems = [], []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            problems.append(Problem("schema", f"{path}:{no}", "?", f"invalid JSON: {exc.msg}"))
    return records, problems


def validate(root: Path | str | None = None, config: str = "default") -> list[Problem]:
    """Validate a corpus folder (default: the repository's ``data/``); return every problem."""
    root = Path(root) if root else paths.data_dir()
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    everything: list[dict[str, Any]] = []
    split_of: dict[str, str] = {}
    for split in SPLITS:
        path = paths.split_file(split, root, config)
        if not path.exists():
            problems.append(Problem("schema", str(path), "-", "split file is missing"))
            continue
        records, bad = read_split_file(path)
        problems.extend(bad)
        for r in records:
            aid = str(r.get("id", "?")) if isinstance(r, dict) else "?"
            if aid in seen:
                rule = "split-overlap" if seen[aid] != split else "duplicate-id"
                problems.append(Problem(rule, str(path), aid, f"article id also in {seen[aid]}"))
            seen[aid] = split
            problems.extend(check_article(r, where=str(path)))
            if isinstance(r, dict) and isinstance(r.get("text"), str):
                everything.append(r)
                split_of[aid] = split
    # attribench's own corpus rejects near-duplicates anywhere; a converted third-party corpus
    # (conversion.json present) keeps its official splits, so only cross-split pairs are errors.
    third_party = (root / "conversion.json").exists()
    for a, b, jac in near_duplicates(everything):
        if third_party and split_of[a] == split_of[b]:
            continue
        problems.append(Problem("near-duplicate", str(root), a,
                                f"word 5-gram Jaccard {jac:.3f} with {b} ({split_of[b]}) > {NEAR_DUP_THRESHOLD}"))
    return problems
