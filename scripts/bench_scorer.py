"""Speed benchmark of the scorer on a synthetic, seeded corpus.

Generates ``--articles`` articles (default 10,000) of ``--quotes`` quotes each (default
20), with a noisy system's predictions (exact, shifted boundaries, quotation marks
dropped, wrong speakers, missed and spurious quotes, a few missing articles), then
prints articles/s for :func:`benchmark.scorer.score` without bootstrap and with
``--resamples`` bootstrap resamples, and the ratio of the run time on all articles to
the run time on a tenth of them (close to 10 means linear). Usage::

    .venv/bin/python scripts/bench_scorer.py [--articles 10000] [--quotes 20] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from typing import Any

from benchmark.scorer import score

WORDS = ("the council plan would cost more than anyone expected and residents deserve answers about "
         "why the bridge was closed for repairs last winter while the budget kept growing").split()
NAMES = ("Amara Osei", "Lena Brandt", "Tomas Varga", "Priya Nair", "Jonah Reyes", "Mei Tanaka")
CUES = ("said", "told reporters", "warned", "added", "insisted")


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def make_article(rng: random.Random, aid: str, n_quotes: int) -> dict[str, Any]:
    """One synthetic gold article: a headline, then one paragraph per quote plus filler."""
    parts: list[str] = []
    pos = 0

    def add(s: str) -> tuple[int, int]:
        nonlocal pos
        parts.append(s)
        pos += len(s)
        return pos - len(s), pos

    add("Council faces questions over bridge budget\n\n")
    people = rng.sample(NAMES, 4)
    mentions: dict[str, list[tuple[int, int]]] = {n: [] for n in people}
    raw_quotes = []
    for k in range(n_quotes):
        speaker, target = rng.sample(people, 2)
        direct = rng.random() < 0.7
        words = rng.choices(WORDS, k=rng.randint(6, 24))
        if direct:
            c_start = pos
            add('"' + " ".join(words[:3]) + " ")
            t = add(target)
            add(" " + " ".join(words[3:]) + ',"')
            content = (c_start, pos)
            add(" ")
            cue = add(rng.choice(CUES))
            add(" ")
            sp = add(speaker)
            add(". ")
        else:
            sp = add(speaker)
            add(" ")
            cue = add(rng.choice(CUES))
            add(" that ")
            c_start = pos
            add(" ".join(words[:3]) + " ")
            t = add(target)
            add(" " + " ".join(words[3:]))
            content = (c_start, pos)
            add(". ")
        add("Filler " + " ".join(rng.choices(WORDS, k=8)) + ".\n\n" if k < n_quotes - 1 else "The end.")
        mentions[speaker].append(sp)
        mentions[target].append(t)
        raw_quotes.append((k, direct, content, cue, speaker, sp, target, t))
    text = "".join(parts)
    quotes = [{
        "id": f"q{k + 1}", "type": "direct" if direct else "indirect",
        "content": [_span(text, *content)], "cue": _span(text, *cue),
        "speaker": {"entity": f"e{people.index(speaker)}", "mention": _span(text, *sp)},
        "targets": [{"entity": f"e{people.index(target)}", "mention": _span(text, *t)}],
        "nested_in": None,
        "attributes": {"speaker_kind": "name", "speaker_type": "PERSON", "multi_paragraph": False,
                       "split": False, "in_headline": False, "in_caption": False, "nested": False},
    } for k, direct, content, cue, speaker, sp, target, t in raw_quotes]
    return {
        "id": aid, "title": text.split("\n\n", 1)[0], "text": text,
        "genre": rng.choice(("local", "wire", "sport")), "topic": "budget",
        "outlet_style": "synthetic", "spelling": rng.choice(("en-GB", "en-US")),
        "entities": [{"id": f"e{i}", "name": n, "type": "PERSON", "anonymous": False,
                      "mentions": [_span(text, *m) for m in sorted(mentions[n])]} for i, n in enumerate(people)],
        "quotes": quotes, "distractors": [],
    }


def make_prediction(rng: random.Random, article: dict[str, Any]) -> dict[str, Any]:
    """A noisy system's prediction line for one article."""
    out = []
    mentions = [m for e in article["entities"] for m in e["mentions"]]
    for q in article["quotes"]:
        roll = rng.random()
        if roll < 0.1:
            continue  # missed
        (s, e) = q["content"][0]["start"], q["content"][0]["end"]
        if roll < 0.25:
            s, e = s + 1, e - 2  # quotation marks dropped
        elif roll < 0.35:
            s = min(e - 1, s + rng.randint(5, 30))  # boundary off by words
        speaker = q["speaker"]["mention"] if rng.random() < 0.8 else rng.choice(mentions)
        out.append({"content": [{"start": s, "end": e}], "speaker": {"start": speaker["start"], "end": speaker["end"]},
                    "cue": {"start": q["cue"]["start"], "end": q["cue"]["end"]} if rng.random() < 0.9 else None,
                    "targets": [{"start": t["mention"]["start"], "end": t["mention"]["end"]} for t in q["targets"]]})
    for _ in range(rng.randint(0, 2)):  # spurious
        s = rng.randrange(0, len(article["text"]) - 40)
        out.append({"content": [{"start": s, "end": s + 30}]})
    rng.shuffle(out)
    return {"id": article["id"], "quotes": out}


def timed(refs: list[dict[str, Any]], preds: dict[str, Any], **kw: Any) -> float:
    t0 = time.perf_counter()
    score(refs, preds, **kw)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--quotes", type=int, default=20)
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    refs = [make_article(rng, f"syn-{i:05d}", args.quotes) for i in range(args.articles)]
    preds = {a["id"]: make_prediction(rng, a) for a in refs if rng.random() > 0.01}
    gen = time.perf_counter() - t0
    small = refs[: max(1, args.articles // 10)]
    small_preds = {a["id"]: preds[a["id"]] for a in small if a["id"] in preds}
    n_pred = sum(len(p["quotes"]) for p in preds.values())
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}".replace("  ", " "))
    print(f"corpus: {args.articles} articles x {args.quotes} gold quotes, {n_pred} predicted quotes, "
          f"{args.articles - len(preds)} missing (generated in {gen:.1f} s)")
    t_small = timed(small, small_preds)
    t_full = timed(refs, preds)
    t_boot = timed(refs, preds, bootstrap=args.resamples)
    print(f"score, no bootstrap:         {args.articles / t_full:9.0f} articles/s ({t_full:.2f} s)")
    print(f"score, {args.resamples} resamples:     {args.articles / t_boot:9.0f} articles/s ({t_boot:.2f} s, "
          f"bootstrap {t_boot - t_full:.2f} s)")
    print(f"linearity: time({args.articles}) / time({len(small)}) = {t_full / t_small:.2f} "
          f"(ideal {args.articles / len(small):.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
