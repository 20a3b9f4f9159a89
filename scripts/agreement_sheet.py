"""Print an adjudication sheet: where the blind second pass and gold disagree, per article.

Usage: python scripts/agreement_sheet.py [ID ...] (default: every second-pass article).
Quotes are aligned as the scorer aligns them (benchmark.alignment.align_quotes); each
line names a disagreement: a gold quote the second pass lacks, a second-pass quote gold
lacks, or, for aligned quotes, differing content spans, speaker mention, cue or targets.
"""

from __future__ import annotations

import json
import sys

from benchmark import paths
from benchmark.agreement import agreement_dir
from benchmark.alignment import align_quotes
from benchmark.source import read_source
from benchmark.tokens import TokenIndex


def _spans(q: dict) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in q["content"]]


def _show(q: dict) -> str:
    sp = q["speaker"]["mention"]["text"] if q["speaker"] and q["speaker"]["mention"] else (
        f"<{q['speaker']['entity']}>" if q["speaker"] else "NONE")
    cue = q["cue"]["text"] if q["cue"] else "-"
    content = " | ".join(s["text"] for s in q["content"])
    return f"{q['id']} {q['type']} [{content[:110]}] cue={cue!r} speaker={sp!r}"


def sheet(aid: str) -> list[str]:
    gold = read_source(paths.source_dir() / f"{aid}.txt")
    second = read_source(agreement_dir() / "second-pass" / f"{aid}.txt")
    idx = TokenIndex(gold["text"])
    gq, sq = gold["quotes"], second["quotes"]
    gt = [idx.tokens(_spans(q)) for q in gq]
    st = [idx.tokens(_spans(q)) for q in sq]
    pairs = align_quotes(gt, st, [q["content"][0]["start"] for q in gq], [q["content"][0]["start"] for q in sq],
                         lambda p: json.dumps(_spans(sq[p])))
    out = [f"== {aid}: gold {len(gq)} quotes, second pass {len(sq)}"]
    g_done, s_done = set(), set()
    for g, s, _ in pairs:
        g_done.add(g)
        s_done.add(s)
        a, b = gq[g], sq[s]
        diffs = []
        if _spans(a) != _spans(b):
            diffs.append("content")
        am = a["speaker"]["mention"] if a["speaker"] else None
        bm = b["speaker"]["mention"] if b["speaker"] else None
        if (am and (am["start"], am["end"])) != (bm and (bm["start"], bm["end"])):
            diffs.append("speaker")
        if (a["cue"] and (a["cue"]["start"], a["cue"]["end"])) != (b["cue"] and (b["cue"]["start"], b["cue"]["end"])):
            diffs.append("cue")
        if sorted(t["mention"]["text"] for t in a["targets"]) != sorted(t["mention"]["text"] for t in b["targets"]):
            diffs.append(f"targets gold={[t['mention']['text'] for t in a['targets']]} "
                         f"second={[t['mention']['text'] for t in b['targets']]}")
        if diffs:
            out.append(f"DIFFER ({', '.join(diffs)}):\n   gold   {_show(a)}\n   second {_show(b)}")
    out += [f"ONLY GOLD:   {_show(q)}" for i, q in enumerate(gq) if i not in g_done]
    out += [f"ONLY SECOND: {_show(q)}" for i, q in enumerate(sq) if i not in s_done]
    return out


def main(argv: list[str]) -> int:
    ids = argv or sorted(p.stem for p in (agreement_dir() / "second-pass").glob("*.txt"))
    for aid in ids:
        print("\n".join(sheet(aid)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
