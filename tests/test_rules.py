"""Rule-based baseline: mark pairing on awkward text, cues, speakers, indirect quotes."""

from __future__ import annotations

from typing import Any

from baselines.rules import predict, predict_article, quoted_segments


def _texts(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in q] for q in quoted_segments(text)]


def _pred(text: str) -> list[dict[str, Any]]:
    return predict_article({"id": "x", "text": text})["quotes"]


def test_curly_straight_and_single_headline_marks() -> None:
    text = "'Not on my watch': mayor vows to fight\n\n“We will win,” she said. He said \"no way at all\" twice."
    assert _texts(text) == [["'Not on my watch'"], ["“We will win,”"], ['"no way at all"']]


def test_continuation_paragraph_without_closing_mark() -> None:
    text = "H\n\n\"First part of it.\n\n\"Second part, closed.\"\n\nNarration."
    assert _texts(text) == [['"First part of it.', '"Second part, closed."']]


def test_odd_mark_count_drops_the_unclosed_mark() -> None:
    text = 'H\n\nHe said "yes, fine" and then "oh.\n\nNo marks here.'
    assert _texts(text) == [['"yes, fine"']]


def test_split_quote_around_the_cue() -> None:
    text = 'H\n\n"We tried hard," Ana Ruiz said, "and we failed."'
    (q,) = _pred(text)
    assert [s["text"] for s in q["content"]] == ['"We tried hard,"', '"and we failed."']
    assert (q["cue"]["text"], q["speaker"]["text"]) == ("said", "Ana Ruiz")


def test_speaker_after_and_before_the_cue() -> None:
    after = _pred('H\n\n"The bridge is unsafe," said Dr Omar Haddad.')[0]
    assert (after["cue"]["text"], after["speaker"]["text"]) == ("said", "Dr Omar Haddad")
    before = _pred('H\n\nThe union told members: "Strike on Monday, all of you."')[0]
    assert (before["cue"]["text"], before["speaker"]["text"]) == ("told", "The union")


def test_pronoun_speaker_and_continuation_inherits_it() -> None:
    text = 'H\n\n"It was a long night," she said.\n\n"We had no lights at all."'
    q1, q2 = _pred(text)
    assert q1["speaker"]["text"] == "she" and q2["speaker"] == q1["speaker"] and q2["cue"] is None


def test_scare_quote_is_not_a_quote() -> None:
    assert _pred('H\n\nThe so-called "miracle" diet failed.') == []


def test_indirect_that_clause_and_according_to() -> None:
    q = _pred("H\n\nThe minister warned that the bridge would close by March.")[0]
    assert q["content"][0]["text"] == "the bridge would close by March"
    assert (q["cue"]["text"], q["speaker"]["text"]) == ("warned", "The minister")
    q = _pred("H\n\nAccording to Lena Vogt, the vote was rigged.")[0]
    assert q["content"][0]["text"] == "the vote was rigged" and q["speaker"]["text"] == "Lena Vogt"


def test_mixed_quote_absorbs_its_quoted_words() -> None:
    (q,) = _pred('H\n\nShe said that the plan was "dead in the water, frankly" now.')
    assert q["content"][0]["text"] == 'the plan was "dead in the water, frankly" now'


def test_targets_are_names_inside_the_content() -> None:
    q = _pred('H\n\n"I blame the Harbour Board and Mayor Kim," said Ana Ruiz.')[0]
    assert [t["text"] for t in q["targets"]] == ["Harbour Board", "Mayor Kim"]


def test_offsets_and_determinism(article: dict[str, Any]) -> None:
    first, second = predict([article]), predict([article])
    assert first == second
    for q in first[0]["quotes"]:
        for s in q["content"]:
            assert article["text"][s["start"]:s["end"]] == s["text"]


def test_rules_baseline_end_to_end(mini_corpus, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`attribench baseline rules` on a built mini corpus: predictions, scores and run info on disk."""
    import json

    from baselines.run import run_baseline
    from benchmark.build import build

    build(mini_corpus)
    monkeypatch.setenv("ATTRIBENCH_DATA", str(mini_corpus))
    result = run_baseline("rules", split="test", out=tmp_path / "run")
    assert result["submission"] is None
    lines = [json.loads(x) for x in result["predictions"].read_text().splitlines()]
    assert [x["id"] for x in lines] == ["ab-8002"]
    stored = json.loads((tmp_path / "run" / "scores-test.json").read_text())
    assert stored["main_score"] == result["scores"]["main_score"] and "ci" in stored
    info = json.loads((tmp_path / "run" / "run.json").read_text())
    assert info["train_seconds"] == 0.0
    assert "CPU" in info["hardware"] or "GPU" in info["hardware"]
