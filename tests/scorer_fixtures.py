"""Small hand-built gold articles and prediction helpers for the scorer tests.

Articles are compiled from the inline-tag source format (data/GUIDELINES.md section 9)
so offsets are exact. Token counts quoted in the tests are of ``\\w+`` tokens.
"""

from __future__ import annotations

from typing import Any

from benchmark.source import parse_source


def head(entities: str = "", quotes: str = "", genre: str = "local") -> str:
    """A source header; ``entities`` / ``quotes`` are the indented lines without the section line."""
    out = f"---\ngenre: {genre}\ntopic: civic\noutlet_style: regional newspaper website\nspelling: en-GB\n"
    if entities:
        out += "entities:\n" + entities
    if quotes:
        out += "quotes:\n" + quotes
    return out + "---\n"


def compile_(aid: str, header: str, body: str) -> dict[str, Any]:
    """Compile one article from a header and a tagged body."""
    return parse_source(header + body, aid, f"{aid}.txt")


# q1: content '"The bridge is finally open,"' = 5 tokens (The bridge is finally open);
# speaker "Mayor Ana Silva" (other mention "She"); cue "said"; target "The bridge"
# (entity bridge, other mention "the crossing"). "She cut the ribbon at the crossing" is not a quote.
SIMPLE = compile_(
    "ab-0001",
    head("  silva: PERSON | Ana Silva\n  bridge: OTHER | the bridge\n"),
    'Mayor opens bridge\n\n<q 1>"<m bridge t1>The bridge</m> is finally open,"</q> '
    "<m silva s1>Mayor Ana Silva</m> <cue 1>said</cue>. <m silva>She</m> cut the ribbon at "
    "<m bridge>the crossing</m>.",
)

# A split quote: '"We waited,"' she said, '"and it was worth it."' = 2 + 5 = 7 content tokens.
SPLIT = compile_(
    "ab-0002",
    head("  lena: PERSON | Lena Brandt\n", genre="sport"),
    'Fans cheer late winner\n\n<q 1>"We waited,"</q> <m lena s1>she</m> <cue 1>said</cue>, '
    '<q 1>"and it was worth it."</q>\n\n<m lena>Lena Brandt</m> watched from the stand.',
)

# An unattributed quote: content '"a triumph"' (2 tokens), cue "described as", speaker none.
UNATTRIBUTED = compile_(
    "ab-0003",
    head(quotes="  1: speaker=none\n"),
    'Council scheme draws praise\n\nThe scheme has been <cue 1>described as</cue> <q 1>"a triumph"</q>.',
)

# A known speaker with no mention for this quote (speaker=silva), mentions "Ana Silva" and "she".
NO_MENTION = compile_(
    "ab-0004",
    head("  silva: PERSON | Ana Silva\n", quotes="  1: speaker=silva\n"),
    'Mayor thanks crew\n\n<m silva>Ana Silva</m> thanked the crew. <q 1>"Well done,"</q> read a note '
    "<m silva>she</m> left.",
)

# A nickname distractor '"the Big Weekend"' and one quote by an anonymous group.
DISTRACTOR = compile_(
    "ab-0005",
    head("  org: GROUP | the organisers | anonymous\n", genre="culture"),
    'Festival returns\n\nThe festival, known as <neg nickname>"the Big Weekend"</neg>, returns. '
    '<q 1>"Tickets sold out in an hour,"</q> <m org s1>the organisers</m> <cue 1>said</cue>.',
)


def sp(article: dict[str, Any], needle: str, nth: int = 0) -> dict[str, int]:
    """The span ``{start, end}`` of the ``nth`` occurrence of ``needle`` in the article text."""
    start = -1
    for _ in range(nth + 1):
        start = article["text"].index(needle, start + 1)
    return {"start": start, "end": start + len(needle)}


def pred_quote(article: dict[str, Any], content: str | list[str], speaker: str | None = None,
               cue: str | None = None, targets: list[str] | None = None) -> dict[str, Any]:
    """A predicted quote from substrings of the article text (first occurrences)."""
    pieces = [content] if isinstance(content, str) else content
    q: dict[str, Any] = {"content": [sp(article, c) for c in pieces]}
    q["speaker"] = sp(article, speaker) if speaker is not None else None
    q["cue"] = sp(article, cue) if cue is not None else None
    q["targets"] = [sp(article, t) for t in targets or []]
    return q


def perfect_quote(quote: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """The prediction that copies a gold quote (offsets only).

    A known speaker without a mention for this quote is predicted as the entity's first
    mention (needs ``article``); a null prediction would count as wrong.
    """
    def r(s: dict[str, Any] | None) -> dict[str, int] | None:
        return None if s is None else {"start": s["start"], "end": s["end"]}
    speaker = quote["speaker"]["mention"] if quote["speaker"] else None
    if quote["speaker"] and speaker is None and article is not None:
        ent = next(e for e in article["entities"] if e["id"] == quote["speaker"]["entity"])
        speaker = ent["mentions"][0] if ent["mentions"] else None
    return {
        "content": [r(s) for s in quote["content"]],
        "speaker": r(speaker),
        "cue": r(quote["cue"]),
        "targets": [r(t["mention"]) for t in quote["targets"]],
    }


def perfect(article: dict[str, Any]) -> dict[str, Any]:
    """The prediction line that copies every gold quote of an article."""
    return {"id": article["id"], "quotes": [perfect_quote(q, article) for q in article["quotes"]]}


def line(article: dict[str, Any], *quotes: dict[str, Any]) -> dict[str, Any]:
    """A prediction line for an article."""
    return {"id": article["id"], "quotes": list(quotes)}
