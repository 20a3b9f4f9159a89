"""Properties of the scorer on generated articles and predictions (hypothesis)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scorer_fixtures import compile_, head, perfect

from benchmark.scorer import score

VOCAB = ("rain", "bridge", "council", "plan", "open", "late", "money", "vote", "we", "it")
NAMES = {"ana": "Ana Ruiz", "kai": "Kai Moreau", "ida": "Ida Berg"}
FILLER = "Nothing here was said by anyone today."
SETTINGS = settings(max_examples=100, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def articles(draw: st.DrawFn) -> dict[str, Any]:
    """An article of 1-4 paragraphs (direct, indirect, unattributed quotes or filler), then FILLER."""
    paragraphs, used, unattributed = ["Headline of the day"], set(), []
    for n in range(1, draw(st.integers(1, 4)) + 1):
        words = " ".join(draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=5)))
        kind = draw(st.sampled_from(("direct", "indirect", "none", "filler")))
        eid = draw(st.sampled_from(sorted(NAMES)))
        target = draw(st.sampled_from([None, *sorted(NAMES)]))
        tgt = f" <m {target} t{n}>{NAMES[target]}</m>" if target else ""
        if kind in ("direct", "indirect"):
            used.add(eid)
        if target and kind != "filler":
            used.add(target)
        if kind == "direct":
            paragraphs.append(f'<q {n}>"{words}{tgt},"</q> <m {eid} s{n}>{NAMES[eid]}</m> <cue {n}>said</cue>.')
        elif kind == "indirect":
            paragraphs.append(f"<m {eid} s{n}>{NAMES[eid]}</m> <cue {n}>warned</cue> that <q {n}>{words}{tgt}</q>.")
        elif kind == "none":
            unattributed.append(n)
            paragraphs.append(f'It was <cue {n}>described as</cue> <q {n}>"{words}{tgt}"</q>.')
        else:
            paragraphs.append(f"{words.capitalize()} in the rain.")
    paragraphs.append(FILLER)
    entities = "".join(f"  {e}: PERSON | {NAMES[e]}\n" for e in sorted(used))
    quotes = "".join(f"  {n}: speaker=none\n" for n in unattributed)
    genre = draw(st.sampled_from(("local", "sport")))
    aid = f"ab-{draw(st.integers(0, 9999)):04d}"
    return compile_(aid, head(entities, quotes, genre), "\n\n".join(paragraphs))


@st.composite
def predictions(draw: st.DrawFn, article: dict[str, Any]) -> dict[str, Any]:
    """A noisy prediction line: gold quotes kept, shifted or dropped, plus random spans."""
    n = len(article["text"])

    def span() -> dict[str, int]:
        a = draw(st.integers(0, n))
        return {"start": a, "end": draw(st.integers(a, min(n, a + 30)))}

    quotes = []
    for q in perfect(article)["quotes"]:
        action = draw(st.sampled_from(("keep", "shift", "drop", "respeak")))
        if action == "drop":
            continue
        if action == "shift":
            q["content"] = [{"start": min(s["end"], s["start"] + draw(st.integers(0, 6))), "end": s["end"]}
                            for s in q["content"]]
        if action == "respeak":
            q["speaker"] = draw(st.none() | st.just(span()))
        quotes.append(q)
    for _ in range(draw(st.integers(0, 3))):
        quotes.append({"content": [span()], "speaker": draw(st.none() | st.just(span())),
                       "cue": draw(st.none() | st.just(span())), "targets": [span()] * draw(st.integers(0, 2))})
    return {"id": article["id"], "quotes": quotes}


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    refs: list[dict[str, Any]] = []
    for a in draw(st.lists(articles(), min_size=1, max_size=3)):
        if a["id"] not in {r["id"] for r in refs}:
            refs.append(a)
    preds = {a["id"]: draw(predictions(a)) for a in refs if draw(st.booleans()) or len(refs) == 1}
    return refs, preds


RATIOS = [k for k in score([], {}).metrics if k.endswith(("_p", "_r", "_f", "_acc")) or k == "main_score"]


@SETTINGS
@given(st.lists(articles(), min_size=1, max_size=3))
def test_perfect_prediction_scores_one_everywhere(arts: list[dict[str, Any]]) -> None:
    refs = list({a["id"]: a for a in arts}.values())
    rep = score(refs, {a["id"]: perfect(a) for a in refs})
    for key in RATIOS:
        assert rep.metrics[key] in (1.0, None), key
    if rep.counts.n_gold_quotes:
        assert rep.main_score == 1.0 and rep.metrics["content_exact_f"] == 1.0
    for level in rep.slices.values():
        for values in level.values():
            for metrics in values.values():
                assert all(metrics[k] in (1.0, None) for k in metrics if k.endswith(("_p", "_r", "_f", "_acc")))


def _with_spurious(refs: list[dict[str, Any]], preds: dict[str, dict[str, Any]], which: int) -> dict[str, Any]:
    """Add a quote inside the FILLER paragraph (token-disjoint from every gold quote) to one article."""
    a = refs[which % len(refs)]
    start = a["text"].index(FILLER)
    spurious = {"content": [{"start": start, "end": start + len("Nothing here")}]}
    out = dict(preds)
    out[a["id"]] = {"id": a["id"], "quotes": [*preds.get(a["id"], {"quotes": []})["quotes"], spurious]}
    return out


@SETTINGS
@given(scenario(), st.integers(0, 2))
def test_spurious_quote_never_raises_precision_nor_changes_recall(
        case: tuple[list[dict[str, Any]], dict[str, Any]], which: int) -> None:
    refs, preds = case
    before = score(refs, preds).metrics
    after = score(refs, _with_spurious(refs, preds, which)).metrics
    for key in ("content_exact_p", "content_overlap_p", "content_lenient_p", "attribution_p"):
        if before[key] is not None:
            assert after[key] is not None and after[key] <= before[key], key
    for key in before:
        if key.endswith(("_r", "_acc")) or key in ("n_matched", "n_aligned", "n_gold_quotes"):
            assert after[key] == before[key], key


def _shuffled(refs: list[dict[str, Any]], preds: dict[str, dict[str, Any]], seed: int
              ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    rng = random.Random(seed)
    new_refs = []
    for a in refs:
        quotes = list(a["quotes"])
        rng.shuffle(quotes)
        new_refs.append({**a, "quotes": quotes})
    rng.shuffle(new_refs)
    items = []
    for aid, p in preds.items():
        quotes = list(p["quotes"])
        rng.shuffle(quotes)
        items.append((aid, {"id": aid, "quotes": quotes}))
    rng.shuffle(items)
    return new_refs, dict(items)


@SETTINGS
@given(scenario(), st.integers(0, 10_000))
def test_invariant_to_the_order_of_quotes_and_lines(case: tuple[list[dict[str, Any]], dict[str, Any]],
                                                   seed: int) -> None:
    refs, preds = case
    expected = score(refs, preds).flat()
    assert score(*_shuffled(refs, preds, seed)).flat() == expected
    # duplicating each predicted quote in reverse order changes nothing but the counts of predictions
    twice = {aid: {"id": aid, "quotes": p["quotes"] + p["quotes"][::-1]} for aid, p in preds.items()}
    assert score(*_shuffled(refs, twice, seed)).flat() == score(refs, twice).flat()
