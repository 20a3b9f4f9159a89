"""Corpus statistics: counts per split, genre, quote type, attribute and cue.

``attribench stats`` prints :func:`render_markdown`; the dataset card's statistics
block is the same rendering. :func:`unmet_minimums` checks the corpus v1 targets
(see ``data/README.md``, "Size and coverage").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from .schema import SPLITS
from .validate import max_jaccard

# Phenomena counted per split; each is a predicate on (quote) or, for distractors, per article.
PHENOMENA: dict[str, Callable[[dict[str, Any]], bool]] = {
    "direct": lambda q: q["type"] == "direct",
    "indirect": lambda q: q["type"] == "indirect",
    "mixed": lambda q: q["type"] == "mixed",
    "split around the cue": lambda q: q["attributes"]["split"],
    "multi-paragraph": lambda q: q["attributes"]["multi_paragraph"],
    "pronoun speaker": lambda q: q["attributes"]["speaker_kind"] == "pronoun",
    "description or anonymous speaker": lambda q: q["attributes"]["speaker_kind"] in ("description", "anonymous"),
    "organisation or document speaker": lambda q: q["attributes"]["speaker_type"] in ("ORGANIZATION", "OTHER"),
    "unattributed": lambda q: q["speaker"] is None,
    "nested": lambda q: q["attributes"]["nested"],
    "headline or caption": lambda q: q["attributes"]["in_headline"] or q["attributes"]["in_caption"],
}
NOISE_RE = re.compile(
    r"READ MORE|Read more:|Sign up|newsletter|Advertisement|\(Image|Image:|Photo:|Related:|^\d{1,2}[:.]\d{2}\b",
    re.MULTILINE | re.IGNORECASE,
)
LENGTH_BINS = [(0, 150), (150, 300), (300, 700), (700, 1100), (1100, 1501), (1501, 10**9)]

# Corpus v1 minimums (issue: "Corpus v1").
MINIMUMS = {
    "articles": 300, "quotes": 2000, "test_articles": 60, "test_quotes": 400,
    "validation_articles": 45, "test_phenomenon": 20, "test_distractors": 20,
    "speaker_names": 300, "genres": 12, "max_cue_share": 0.35,
}


def words(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def compute_stats(by_split: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Compute every corpus statistic from compiled articles grouped by split."""
    allarts = [a for s in SPLITS for a in by_split.get(s, [])]
    out: dict[str, Any] = {"splits": {}, "genres": {}, "lengths": {}, "phenomena": {}}
    for s in SPLITS:
        arts = by_split.get(s, [])
        quotes = [q for a in arts for q in a["quotes"]]
        out["splits"][s] = {
            "articles": len(arts),
            "quotes": len(quotes),
            "words": sum(words(a["text"]) for a in arts),
            "distractors": sum(len(a["distractors"]) for a in arts),
            "with_noise": sum(bool(NOISE_RE.search(a["text"])) for a in arts),
            "en-GB": sum(a["spelling"] == "en-GB" for a in arts),
        }
        out["phenomena"][s] = {k: sum(f(q) for q in quotes) for k, f in PHENOMENA.items()}
        out["phenomena"][s]["distractors (not quotes)"] = out["splits"][s]["distractors"]
        for a in arts:
            out["genres"].setdefault(a["genre"], Counter())[s] += 1
            n = words(a["text"])
            label = next(f"{lo}-{hi - 1}" if hi < 10**9 else f">{lo - 1}" for lo, hi in LENGTH_BINS if lo <= n < hi)
            out["lengths"].setdefault(label, Counter())[s] += 1
    cues = Counter(q["cue"]["text"].lower() for a in allarts for q in a["quotes"] if q["cue"])
    total_cues = sum(cues.values())
    out["cues"] = {"total": total_cues, "distinct": len(cues),
                   "top": [(c, n, n / total_cues) for c, n in cues.most_common(15)] if total_cues else []}
    out["max_cue_share"] = cues.most_common(1)[0][1] / total_cues if total_cues else 0.0
    speakers = {
        next(e["name"] for e in a["entities"] if e["id"] == q["speaker"]["entity"]).lower()
        for a in allarts for q in a["quotes"] if q["speaker"]
    }
    out["speaker_names"] = len(speakers)
    out["speaker_types"] = dict(Counter(q["attributes"]["speaker_type"] or "none"
                                        for a in allarts for q in a["quotes"]))
    lengths = [words(a["text"]) for a in allarts]
    out["words_min"], out["words_max"] = (min(lengths), max(lengths)) if lengths else (0, 0)
    jac, ja, jb = max_jaccard(allarts)
    out["max_jaccard"] = {"value": jac, "pair": [ja, jb]}
    return out


def unmet_minimums(st: dict[str, Any]) -> list[str]:
    """Corpus v1 targets that ``st`` does not meet (empty when all are met)."""
    sp = st["splits"]
    m = MINIMUMS
    checks = [
        (sum(v["articles"] for v in sp.values()) >= m["articles"], f"at least {m['articles']} articles"),
        (sum(v["quotes"] for v in sp.values()) >= m["quotes"], f"at least {m['quotes']} quotes"),
        (sp["test"]["articles"] >= m["test_articles"], f"test: at least {m['test_articles']} articles"),
        (sp["test"]["quotes"] >= m["test_quotes"], f"test: at least {m['test_quotes']} quotes"),
        (sp["validation"]["articles"] >= m["validation_articles"],
         f"validation: at least {m['validation_articles']} articles"),
        (st["speaker_names"] >= m["speaker_names"], f"at least {m['speaker_names']} distinct speakers"),
        (len(st["genres"]) >= m["genres"], f"at least {m['genres']} genres"),
        (st["max_cue_share"] <= m["max_cue_share"], f"no cue above {m['max_cue_share']:.0%} of cues"),
    ]
    for k, n in st["phenomena"]["test"].items():
        need = m["test_distractors"] if k.startswith("distractors") else m["test_phenomenon"]
        checks.append((n >= need, f"test: at least {need} x {k} (has {n})"))
    return [msg for ok, msg in checks if not ok]


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def render_markdown(st: dict[str, Any]) -> str:
    """Render statistics as Markdown tables (used by the CLI and the dataset card)."""
    sp = st["splits"]
    keys = ["articles", "quotes", "words", "distractors", "with_noise", "en-GB"]
    total = {k: sum(sp[s][k] for s in SPLITS) for k in keys}
    parts = ["**Size per split**\n", _table(
        ["", *SPLITS, "total"],
        [[k.replace("_", " "), *(sp[s][k] for s in SPLITS), total[k]] for k in keys])]
    parts += ["\n**Genres (articles per split)**\n", _table(
        ["genre", *SPLITS], [[g, *(c[s] for s in SPLITS)] for g, c in sorted(st["genres"].items())])]
    parts += ["\n**Length in words (articles per split)**\n", _table(
        ["words", *SPLITS], [[b, *(st["lengths"][b][s] for s in SPLITS)]
                             for b in sorted(st["lengths"], key=lambda b: int(b.strip(">").split("-")[0]))])]
    parts += ["\n**Quote types and phenomena (quotes per split)**\n", _table(
        ["", *SPLITS], [[k, *(st["phenomena"][s][k] for s in SPLITS)] for k in st["phenomena"]["test"]])]
    parts += ["\n**Cues** ({} cues, {} distinct; most frequent share {:.1%})\n".format(
        st["cues"]["total"], st["cues"]["distinct"], st["max_cue_share"]), _table(
        ["cue", "count", "share"], [[c, n, f"{f:.1%}"] for c, n, f in st["cues"]["top"]])]
    types = ", ".join(f"{k} {v}" for k, v in sorted(st["speaker_types"].items()))
    parts.append(
        f"\nDistinct speakers (by name): {st['speaker_names']}. Quotes by speaker type: {types}. "
        f"Article length: {st['words_min']} to {st['words_max']} words. Largest word 5-gram Jaccard "
        f"between two articles: {st['max_jaccard']['value']:.3f} "
        f"({' / '.join(str(p) for p in st['max_jaccard']['pair'])})."
    )
    return "\n".join(parts)
