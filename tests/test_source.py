"""The annotated source format compiles to exact, hand-checked offsets."""

from __future__ import annotations

from typing import Any

import pytest

from benchmark.source import SourceError, parse_source, quote_type, speaker_kind

HEAD = "---\ngenre: wire\ntopic: t\noutlet_style: s\nspelling: en-GB\nentities:\n  ana: PERSON | Ana Ruiz\n---\n"


def compile_(body: str, head: str = HEAD) -> dict[str, Any]:
    return parse_source(head + body, "ab-0000", "x.txt")


def test_fixture_offsets_hand_counted(article: dict[str, Any]) -> None:
    text = article["text"]
    # headline "Eastbrook crew edges rivals in fog-bound regatta" is 48 characters + "\n\n"
    q1 = article["quotes"][0]
    assert [(s["start"], s["end"]) for s in q1["content"]] == [(50, 81), (100, 129)]
    assert q1["cue"] == {"start": 94, "end": 98, "text": "said"}
    assert q1["speaker"]["mention"] == {"start": 82, "end": 93, "text": "Ji-woo Park"}
    assert q1["type"] == "direct" and q1["attributes"]["split"]
    for q in article["quotes"]:
        for s in q["content"]:
            assert text[s["start"]:s["end"]] == s["text"]
    assert article["title"] == "Eastbrook crew edges rivals in fog-bound regatta"


def test_fixture_derivations(article: dict[str, Any]) -> None:
    q = {x["id"]: x for x in article["quotes"]}
    assert q["q2"]["type"] == "mixed"
    assert q["q3"]["attributes"]["speaker_kind"] == "pronoun"
    assert q["q4"]["nested_in"] == "q3" and q["q4"]["attributes"]["nested"]
    assert q["q4"]["speaker"]["mention"]["text"] == "Park"
    assert [t["mention"]["text"] for t in q["q2"]["targets"]] == ["the club"]
    start = article["text"].index('"Slow Water"')
    assert article["distractors"] == [{"start": start, "end": start + 12, "text": '"Slow Water"', "kind": "title"}]


def test_multi_paragraph_content_is_cut_per_paragraph() -> None:
    a = compile_('H\n\n<q 1>"One.\n\n"Two."</q> <m ana s1>Ana Ruiz</m> <cue 1>said</cue>.')
    q = a["quotes"][0]
    assert [s["text"] for s in q["content"]] == ['"One.', '"Two."']
    assert [(s["start"], s["end"]) for s in q["content"]] == [(3, 8), (10, 16)]
    assert q["type"] == "direct" and q["attributes"]["multi_paragraph"] and not q["attributes"]["split"]


def test_unattributed_and_headline() -> None:
    head = HEAD.replace("---\n", "", 1).rsplit("---", 1)[0]
    head = "---\n" + head + "quotes:\n  1: speaker=none\n---\n"
    a = compile_("It was <cue 1>described as</cue> <q 1>\"grim\"</q>\n\nBody <m ana>Ana Ruiz</m>.", head)
    q = a["quotes"][0]
    assert q["speaker"] is None and q["attributes"]["speaker_kind"] == "none"
    assert q["attributes"]["in_headline"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("<q 1>x", "never closed"),
        ("<q 1>x</q> <m bob s1>Bob</m>", "not declared"),
        ("<q 1>x</q> <m ana>Ana</m>", "no speaker mention"),
        ("<q 1> x</q> <m ana s1>Ana</m>", "whitespace"),
        ("<q 1>x</q> <cue 1>a</cue> <cue 1>b</cue> <m ana s1>Ana</m>", "two cues"),
        ("<cue 2>said</cue> <m ana>Ana</m>", "no <q 2> content"),
        ("x</m>", "closes nothing"),
    ],
)
def test_source_errors_name_file_and_problem(body: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as err:
        compile_("Headline\n\n" + body)
    assert str(err.value).startswith("x.txt")


def test_quote_type_rules() -> None:
    def qt(s: str) -> str:
        return quote_type(s, [{"start": 0, "end": len(s), "text": s}])

    assert qt("“We won,”") == "direct"
    assert qt("‘We won’") == "direct"
    assert qt('the plan was "dead" now') == "mixed"
    assert qt("the team don't care") == "indirect"


def test_speaker_kind_rules() -> None:
    ent = {"name": "Ana Ruiz", "anonymous": False}

    def sk(t: str, e: dict[str, Any] = ent) -> str:
        return speaker_kind(e, {"text": t})

    assert sk("she") == "pronoun"
    assert sk("Ms Ruiz") == "name"
    assert sk("the coach") == "description"
    assert sk("an official", {"name": "an official", "anonymous": True}) == "anonymous"
    assert speaker_kind(None, None) == "none"
