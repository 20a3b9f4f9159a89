"""Hand-computed scores: every cell of the metric card's scenario table and each sub-metric.

Token counts are of ``\\w+`` tokens; see tests/scorer_fixtures.py for the articles.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest
from scorer_fixtures import (
    DISTRACTOR,
    NO_MENTION,
    SIMPLE,
    SPLIT,
    UNATTRIBUTED,
    compile_,
    head,
    line,
    perfect,
    perfect_quote,
    pred_quote,
)

from benchmark.scorer import score

Q1 = '"The bridge is finally open,"'


def flat(refs: list[dict[str, Any]], *lines: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return score(refs, {ln["id"]: ln for ln in lines}, **kw).flat()


def simple(*quotes: dict[str, Any]) -> dict[str, Any]:
    return line(SIMPLE, *quotes)


# Metric card table: scenario -> (references, prediction lines, expected cells).
# Cells: content exact P/R, token-overlap P/R, lenient P/R, speaker strict / entity accuracy.
SCENARIOS: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]] = {
    "perfect": ([SIMPLE], [perfect(SIMPLE)], dict(
        content_exact_p=1.0, content_exact_r=1.0, content_overlap_p=1.0, content_overlap_r=1.0,
        content_lenient_p=1.0, content_lenient_r=1.0, speaker_strict_acc=1.0, speaker_entity_acc=1.0)),
    # 'is finally open,"' covers 3 of 5 gold tokens (>= 0.5); speaker 'Ana Silva' misses 'Mayor'.
    "partial overlap": ([SIMPLE], [simple(pred_quote(SIMPLE, 'is finally open,"', "Ana Silva", "said"))], dict(
        content_exact_p=0.0, content_exact_r=0.0, content_overlap_p=1.0, content_overlap_r=3 / 5,
        content_lenient_p=1.0, content_lenient_r=1.0, speaker_strict_acc=0.0, speaker_entity_acc=1.0)),
    # No quotation marks or comma in the content; 'Mayor Ana Silva ' with a trailing space.
    "boundary off by punctuation": ([SIMPLE], [simple(pred_quote(
        SIMPLE, "The bridge is finally open", "Mayor Ana Silva ", "said."))], dict(
        content_exact_p=1.0, content_exact_r=1.0, content_overlap_p=1.0, content_overlap_r=1.0,
        content_lenient_p=1.0, content_lenient_r=1.0, speaker_strict_acc=1.0, speaker_entity_acc=1.0)),
    # A perfect quote plus 'She cut the ribbon' (4 tokens), which is no quote.
    "spurious prediction": ([SIMPLE], [simple(perfect_quote(SIMPLE["quotes"][0]),
                                              pred_quote(SIMPLE, "She cut the ribbon", "She"))], dict(
        content_exact_p=1 / 2, content_exact_r=1.0, content_overlap_p=5 / 9, content_overlap_r=1.0,
        content_lenient_p=1 / 2, content_lenient_r=1.0, speaker_strict_acc=1.0, speaker_entity_acc=1.0)),
    "missed quote": ([SIMPLE], [simple()], dict(
        content_exact_p=None, content_exact_r=0.0, content_overlap_p=None, content_overlap_r=0.0,
        content_lenient_p=None, content_lenient_r=0.0, speaker_strict_acc=None, speaker_entity_acc=None)),
    "duplicate prediction": ([SIMPLE], [simple(perfect_quote(SIMPLE["quotes"][0]),
                                               perfect_quote(SIMPLE["quotes"][0]))], dict(
        content_exact_p=1 / 2, content_exact_r=1.0, content_overlap_p=5 / 10, content_overlap_r=1.0,
        content_lenient_p=1 / 2, content_lenient_r=1.0, speaker_strict_acc=1.0, speaker_entity_acc=1.0)),
    # One span over '"We waited," she said, "and it was worth it."': 9 tokens, 7 of them gold.
    "split quote as one span": ([SPLIT], [line(SPLIT, pred_quote(
        SPLIT, '"We waited," she said, "and it was worth it."', "she", "said"))], dict(
        content_exact_p=0.0, content_exact_r=0.0, content_overlap_p=7 / 9, content_overlap_r=1.0,
        content_lenient_p=1.0, content_lenient_r=1.0, speaker_strict_acc=1.0, speaker_entity_acc=1.0)),
    "null speaker": ([UNATTRIBUTED], [line(UNATTRIBUTED, pred_quote(UNATTRIBUTED, '"a triumph"', None))], dict(
        content_exact_p=1.0, content_exact_r=1.0, content_overlap_p=1.0, content_overlap_r=1.0,
        content_lenient_p=1.0, content_lenient_r=1.0, speaker_strict_acc=1.0, speaker_entity_acc=1.0)),
    # Two gold articles (5 + 2 gold tokens), only SIMPLE has a prediction line.
    "missing article": ([SIMPLE, UNATTRIBUTED], [perfect(SIMPLE)], dict(
        content_exact_p=1.0, content_exact_r=1 / 2, content_overlap_p=1.0, content_overlap_r=5 / 7,
        content_lenient_p=1.0, content_lenient_r=1 / 2, speaker_strict_acc=1.0, speaker_entity_acc=1.0,
        n_missing_articles=1, missing_ids=["ab-0003"])),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_metric_card_scenarios(name: str) -> None:
    refs, lines, expected = SCENARIOS[name]
    got = flat(refs, *lines)
    assert {k: got[k] for k in expected} == expected


def test_below_lenient_threshold_is_unmatched() -> None:
    # 'finally open' covers 2 of 5 gold tokens < 0.5: aligned (overlap counts) but not matched.
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, "finally open", "Mayor Ana Silva", "said")))
    assert got["content_overlap_p"] == 1.0 and got["content_overlap_r"] == 2 / 5
    assert got["content_lenient_p"] == 0.0 and got["content_lenient_r"] == 0.0
    assert got["speaker_strict_acc"] is None and got["attribution_f"] == 0.0
    assert got["n_aligned"] == 1 and got["n_matched"] == 0
    # the threshold is a parameter: 3 of 5 passes 0.5 but not 0.7
    partial = simple(pred_quote(SIMPLE, 'is finally open,"', "Mayor Ana Silva"))
    assert flat([SIMPLE], partial)["content_lenient_f"] == 1.0
    assert flat([SIMPLE], partial, lenient_threshold=0.7)["content_lenient_f"] == 0.0


def test_overlap_precision_and_recall_are_not_swapped() -> None:
    """Regression (BBC Citron): overlap P and R swapped by argument order."""
    # predicted content adds 'Mayor Ana Silva said' (4 tokens) to the 5 gold tokens
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, Q1 + " Mayor Ana Silva said")))
    assert (got["content_overlap_p"], got["content_overlap_r"], got["content_overlap_f"]) == (5 / 9, 1.0, 10 / 14)
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, "is finally open")))
    assert (got["content_overlap_p"], got["content_overlap_r"], got["content_overlap_f"]) == (1.0, 3 / 5, 6 / 8)


def test_duplicate_predictions_are_one_true_positive() -> None:
    """Regression (BBC Citron): a matched gold span was never removed, so duplicates each scored."""
    dup = pred_quote(SIMPLE, Q1, "Mayor Ana Silva", "said", ["The bridge"])
    got = flat([SIMPLE], simple(dup, dup, dup))
    assert got["content_exact_p"] == 1 / 3 and got["content_exact_r"] == 1.0
    assert got["cue_exact_p"] == 1 / 3 and got["cue_exact_r"] == 1.0 and got["cue_overlap_p"] == 1 / 3
    assert got["target_exact_p"] == 1 / 3 and got["target_overlap_p"] == 1 / 3
    assert got["attribution_p"] == 1 / 3 and got["attribution_f"] == 2 / 4


def test_missing_article_shrinks_nothing() -> None:
    """Regression (SQuAD v2 script): a missing prediction must not drop the article's gold."""
    missing = flat([SIMPLE, SPLIT], perfect(SIMPLE))
    empty = flat([SIMPLE, SPLIT], perfect(SIMPLE), line(SPLIT))
    assert missing["n_gold_quotes"] == 2 and missing["n_articles"] == 2
    assert missing["missing_ids"] == ["ab-0002"] and empty["missing_ids"] == []
    for key in ("content_lenient_r", "content_overlap_r", "attribution_r", "main_score", "target_entity_r"):
        assert missing[key] == empty[key]
    assert missing["attribution_r"] == 1 / 2 and missing["content_overlap_r"] == 5 / 12


def test_speaker_strict_and_entity_level() -> None:
    def acc(speaker: str | None) -> tuple[Any, Any]:
        got = flat([SIMPLE], simple(pred_quote(SIMPLE, Q1, speaker)))
        return got["speaker_strict_acc"], got["speaker_entity_acc"]

    assert acc("Mayor Ana Silva") == (1.0, 1.0)
    assert acc("She") == (0.0, 1.0)  # another mention of the same entity
    assert acc("Silva") == (0.0, 1.0)  # overlaps the gold mention by one token
    assert acc("the crossing") == (0.0, 0.0)  # a mention of another entity
    assert acc(None) == (0.0, 0.0)  # gold has a speaker, prediction has none
    got = flat([UNATTRIBUTED], line(UNATTRIBUTED, pred_quote(UNATTRIBUTED, '"a triumph"', "The scheme")))
    assert (got["speaker_strict_acc"], got["speaker_entity_acc"]) == (0.0, 0.0)  # gold none, predicted one


def test_speaker_known_entity_without_mention() -> None:
    def acc(speaker: str | None) -> tuple[Any, Any]:
        got = flat([NO_MENTION], line(NO_MENTION, pred_quote(NO_MENTION, '"Well done,"', speaker)))
        return got["speaker_strict_acc"], got["speaker_entity_acc"]

    assert acc("Ana Silva") == (1.0, 1.0)  # equals a listed mention
    assert acc("she") == (1.0, 1.0)  # any listed mention
    assert acc("Silva") == (0.0, 1.0)
    assert acc("the crew") == (0.0, 0.0)
    assert acc(None) == (0.0, 0.0)


def test_attribution_needs_lenient_match_and_entity_speaker() -> None:
    got = flat([SIMPLE, SPLIT], simple(pred_quote(SIMPLE, Q1, "She")),
               line(SPLIT, pred_quote(SPLIT, '"We waited,"', "she")))  # 2 of 7 tokens: not matched
    assert got["attribution_p"] == 1 / 2 and got["attribution_r"] == 1 / 2 and got["main_score"] == 1 / 2
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, Q1, "the crossing")))
    assert got["content_lenient_f"] == 1.0 and got["main_score"] == 0.0


def test_cues_exact_overlap_and_attached() -> None:
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, Q1, cue="Silva said")))
    assert (got["cue_exact_f"], got["cue_overlap_f"], got["cue_attached_acc"]) == (0.0, 1.0, 0.0)
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, Q1, cue="said.")))
    assert (got["cue_exact_f"], got["cue_overlap_f"], got["cue_attached_acc"]) == (1.0, 1.0, 1.0)
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, Q1, cue=None)))
    assert (got["cue_exact_p"], got["cue_exact_r"], got["cue_attached_acc"]) == (None, 0.0, 0.0)
    # gold cue none and predicted none is correct; a predicted cue there is not
    got = flat([NO_MENTION], line(NO_MENTION, pred_quote(NO_MENTION, '"Well done,"', cue=None)))
    assert got["cue_attached_acc"] == 1.0 and got["cue_exact_f"] is None
    got = flat([NO_MENTION], line(NO_MENTION, pred_quote(NO_MENTION, '"Well done,"', cue="read")))
    assert got["cue_attached_acc"] == 0.0 and got["cue_exact_p"] == 0.0


def test_shared_cue_counts_once() -> None:
    art = compile_("ab-0010", head("  kai: PERSON | Kai Moreau\n"),
                   'Talks end\n\n<q 1>"We agree,"</q> and <q 2>"we sign,"</q> <m kai s1 s2>Kai Moreau</m> '
                   "<cue 1 2>said</cue>.")
    got = flat([art], perfect(art))
    assert (got["gold_cues"], got["pred_cues"]) == (1, 2)
    assert (got["cue_exact_p"], got["cue_exact_r"], got["cue_attached_acc"]) == (1 / 2, 1.0, 1.0)


def test_targets_exact_overlap_entity() -> None:
    def t(*targets: str) -> dict[str, Any]:
        return flat([SIMPLE], simple(pred_quote(SIMPLE, Q1, "Mayor Ana Silva", "said", list(targets))))

    got = t("The bridge")
    assert (got["target_exact_f"], got["target_overlap_f"], got["target_entity_f"]) == (1.0, 1.0, 1.0)
    got = t("The")  # part of the mention
    assert (got["target_exact_f"], got["target_overlap_f"], got["target_entity_f"]) == (0.0, 1.0, 1.0)
    got = t("the crossing")  # another mention of the target entity
    assert (got["target_exact_f"], got["target_overlap_f"], got["target_entity_f"]) == (0.0, 0.0, 1.0)
    got = t("the crossing", "The bridge")  # two predictions, one gold target: one-to-one
    assert (got["target_entity_p"], got["target_entity_r"]) == (1 / 2, 1.0)
    got = t("ribbon")
    assert (got["target_entity_p"], got["target_entity_r"]) == (0.0, 0.0)
    # targets of an unmatched gold quote are misses: recall over all gold targets
    got = flat([SIMPLE], simple(pred_quote(SIMPLE, "finally open", targets=["The bridge"])))
    assert (got["target_entity_p"], got["target_entity_r"]) == (None, 0.0)
    assert (got["target_exact_p"], got["target_exact_r"]) == (1.0, 1.0)  # free-standing spans still match


def test_targets_not_applicable() -> None:
    got = flat([SPLIT, UNATTRIBUTED], perfect(SPLIT), perfect(UNATTRIBUTED))
    assert not got["targets_applicable"]
    for k in ("target_exact", "target_overlap", "target_entity"):
        assert (got[f"{k}_p"], got[f"{k}_r"], got[f"{k}_f"]) == (None, None, None)
    forced = flat([SPLIT], line(SPLIT, pred_quote(SPLIT, '"We waited," she said, "and it was worth it."',
                                                  "she", targets=["Lena Brandt"])), targets=True)
    assert (forced["target_exact_p"], forced["target_exact_r"], forced["target_exact_f"]) == (0.0, None, 0.0)
    off = flat([SIMPLE], perfect(SIMPLE), targets=False)
    assert off["target_entity_f"] is None and off["main_score"] == 1.0


def test_distractor_false_positives() -> None:
    got = flat([DISTRACTOR], line(DISTRACTOR, pred_quote(DISTRACTOR, '"the Big Weekend"', "The festival"),
                                  pred_quote(DISTRACTOR, "returns"),
                                  pred_quote(DISTRACTOR, '"Tickets sold out in an hour,"', "the organisers")))
    assert got["distractor_fp"] == 1 and got["content_lenient_p"] == 1 / 3


def test_nested_quote_aligns_to_closest_start() -> None:
    art = compile_("ab-0011", head("  kai: PERSON | Kai Moreau\n  ida: PERSON | Ida Berg\n"),
                   "Crew wins\n\n<m kai s1>Kai Moreau</m> <cue 1>said</cue> that <q 1><m ida s2>Ida Berg</m> "
                   '<cue 2>told</cue> him <q 2>"trust the rhythm"</q> at the start</q>.')
    inner = pred_quote(art, '"trust the rhythm"', "Ida Berg", "told")
    got = flat([art], line(art, inner))  # 3 tokens overlap both gold quotes: the nearer start wins
    assert got["content_exact_p"] == 1.0 and got["speaker_strict_acc"] == 1.0
    assert score([art], {art["id"]: line(art, inner)}).slices["quote"]["nested"]["true"]["content_lenient_r"] == 1.0
    got = flat([art], perfect(art))
    assert got["content_exact_f"] == 1.0 and got["main_score"] == 1.0


def test_slices() -> None:
    rep = score([SIMPLE, SPLIT, UNATTRIBUTED], {SIMPLE["id"]: perfect(SIMPLE), SPLIT["id"]: line(SPLIT)})
    genre = rep.slices["article"]["genre"]
    assert genre["local"]["n_articles"] == 2 and genre["local"]["attribution_f"] == 2 / 3
    assert genre["sport"]["attribution_r"] == 0.0 and genre["sport"]["attribution_p"] is None
    assert set(rep.slices["article"]) == {"genre", "topic", "outlet_style", "spelling"}
    quote = rep.slices["quote"]
    assert quote["speaker_kind"]["pronoun"] == {
        "n_gold_quotes": 1, "n_matched": 0, "content_lenient_r": 0.0, "content_overlap_r": 0.0,
        "speaker_strict_acc": None, "speaker_entity_acc": None, "attribution_r": 0.0}
    assert quote["split"]["false"]["n_gold_quotes"] == 2 and quote["split"]["false"]["content_lenient_r"] == 1 / 2
    assert quote["type"]["direct"]["n_gold_quotes"] == 3
    assert quote["speaker_type"]["null"]["n_gold_quotes"] == 1
    extra = dict(SIMPLE, region="north")  # any other string field of an article is a slice
    assert "region" in score([extra], {}).slices["article"]
    assert score([SIMPLE], {}, slices=False).slices == {}


def test_bootstrap_intervals() -> None:
    refs = [SIMPLE, SPLIT, UNATTRIBUTED, NO_MENTION]
    preds = {SIMPLE["id"]: perfect(SIMPLE), SPLIT["id"]: perfect(SPLIT)}
    rep = score(refs, preds, bootstrap=200, seed=3)
    assert rep.ci is not None and rep.ci["resamples"] == 200 and rep.ci["seed"] == 3
    lo, hi = rep.ci["intervals"]["main_score"]
    assert 0.0 <= lo <= rep.main_score <= hi <= 1.0 and lo < hi
    assert rep.ci == score(refs, preds, bootstrap=200, seed=3).ci
    assert rep.ci != score(refs, preds, bootstrap=200, seed=4).ci
    assert rep.metrics == score(refs, preds).metrics  # the bootstrap never changes the point estimates
    perfect_ci = score(refs, {a["id"]: perfect(a) for a in refs}, bootstrap=50).ci
    assert perfect_ci is not None and perfect_ci["intervals"]["content_exact_f"] == [1.0, 1.0]


def test_report_object() -> None:
    rep = score([SIMPLE], {SIMPLE["id"]: perfect(SIMPLE)})
    assert rep.main_score == rep["attribution_f"] == rep.flat()["main_score"] == 1.0
    assert (rep.counts.n_gold_quotes, rep.counts.overlap_tokens) == (1, 5)
    f = rep.flat()
    assert {"missing_ids", "slices", "targets_applicable", "lenient_threshold"} <= f.keys() and "ci" not in f
    empty = score([], {})
    assert empty.main_score is None and empty.flat()["content_exact_f"] is None
    assert gc.isenabled()  # garbage collection is paused only while scoring


def test_tokens_and_normalisation() -> None:
    from benchmark.tokens import TokenIndex, normalise_span, normalise_spans

    text = "«Ça va», dit-elle. “We’re here” — 'ok'"
    idx = TokenIndex(text)
    assert [text[s:e] for s, e in zip(idx.starts, idx.ends)] == ["Ça", "va", "dit", "elle", "We", "re", "here", "ok"]
    assert list(idx.token_range(1, 2)) == [0]  # cutting a word still covers it
    assert list(idx.token_range(3, 3)) == []  # an empty span covers nothing
    assert list(idx.token_range(0, 1)) == []  # a quotation mark is no token
    assert normalise_span(text, (0, 8)) == ((1, 6),)  # «Ça va», -> Ça va
    quoted = "“We’re here”"
    start = text.index(quoted)
    assert normalise_span(text, (start, start + len(quoted))) == ((start + 1, start + len(quoted) - 1),)
    assert normalise_span(text, (text.index("'"), len(text))) == ((len(text) - 3, len(text) - 1),)
    assert normalise_span(text, (6, 9)) == ()  # '», ' is punctuation only
    # ranges separated only by punctuation or spaces merge; words in between keep them apart
    assert normalise_spans(text, [(1, 3), (4, 6)]) == ((1, 6),)
    assert normalise_spans(text, [(1, 6), (13, 18)]) == ((1, 6), (13, 17))  # "dit-" lies between


def test_prf_counts_and_undefined_cases() -> None:
    from benchmark.counts import PRF, Accuracy, percentile

    a, b = PRF.of(tp=2, n_pred=3, n_gold=4), PRF.of(tp=1, n_pred=1, n_gold=2)
    total = a + b
    assert (total.tp, total.fp, total.fn) == (3, 1, 3)
    assert (total.precision, total.recall, total.fscore) == (3 / 4, 3 / 6, 6 / 10)
    assert (PRF().precision, PRF().recall, PRF().fscore) == (None, None, None)  # nothing predicted, no gold
    assert (PRF.of(0, 2, 0).precision, PRF.of(0, 2, 0).recall, PRF.of(0, 2, 0).fscore) == (0.0, None, 0.0)
    assert (Accuracy(1, 2) + Accuracy(0, 2)).value == 1 / 4 and Accuracy().value is None
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.5 and percentile([], 50) is None
