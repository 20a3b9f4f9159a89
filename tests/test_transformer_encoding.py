"""Transformer baseline, no training: windows, BIO round trips, offsets, grouping and linking rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from baselines.transformer.assemble import assemble, group_segments  # noqa: E402
from baselines.transformer.config import TransformerConfig, config_from_dict, load_config  # noqa: E402
from baselines.transformer.encoding import (  # noqa: E402
    ROLES,
    TAG_B,
    TAG_I,
    TAG_O,
    bio_to_token_ranges,
    decode_spans,
    encode_text,
    gold_role_spans,
    paragraph_breaks,
    spans_to_bio,
    tokens_of_span,
    windows,
)
from baselines.transformer.linking import (  # noqa: E402
    NUM_DISTANCE_BUCKETS,
    cumulative_breaks,
    distance_bucket,
    gold_link_items,
    heuristic_speaker,
)
from baselines.transformer.model import load_tokenizer  # noqa: E402
from baselines.transformer.predict import fill_gaps, merge_windows  # noqa: E402
from benchmark.source import read_source  # noqa: E402

MINI = Path(__file__).parent / "fixtures" / "mini"
CONFIGS = Path(__file__).resolve().parent.parent / "baselines" / "configs"


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    return load_tokenizer(TransformerConfig().resolved().model_name_or_path or "")


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    return [read_source(p) for p in sorted(MINI.glob("ab-900*.txt"))]


def _via_windows(enc: Any, tags: list[int], max_length: int, stride: int, merge: str) -> list[int]:
    """Cut document tags into windows (as training does) and merge them back (as inference does)."""
    import torch

    wins = windows(len(enc), max_length, stride)
    one_hot = torch.nn.functional.one_hot(torch.tensor(tags), 3).float()
    per_window = [one_hot[a:b].unsqueeze(1) for a, b in wins]  # (len, 1 role, 3 tags)
    return merge_windows(len(enc), wins, per_window, merge)[:, 0].argmax(-1).tolist()


# --------------------------------------------------------------------------- windows


@given(n=st.integers(0, 2000), max_length=st.integers(8, 300), data=st.data())
def test_windows_cover_every_token_with_the_requested_overlap(n: int, max_length: int, data: Any) -> None:
    stride = data.draw(st.integers(0, max_length - 3))
    wins = windows(n, max_length, stride)
    size = max_length - 2
    if n == 0:
        assert wins == []
        return
    assert wins[0][0] == 0 and wins[-1][1] == n
    assert all(0 < b - a <= size for a, b in wins)
    covered = set()
    for a, b in wins:
        covered.update(range(a, b))
    assert covered == set(range(n))
    for (a1, b1), (a2, _) in zip(wins, wins[1:]):
        assert a1 < a2 < b1 or stride == 0 and a2 == b1
        overlap = b1 - a2
        assert overlap >= stride  # exactly stride, except the last window (aligned to the end)
    for (_, b1), (a2, _) in zip(wins[:-2], wins[1:-1]):
        assert b1 - a2 == stride


# --------------------------------------------------------------------------- offsets and BIO


AWKWARD = (
    "“We’re not going anywhere,” said Dr. Agnieszka Brzęczyszczykiewicz 💪🏽 on İstanbul’s ferry.\n\n"
    "Pneumonoultramicroscopicsilicovolcanoconiosis is «a word» — naïve café 北京 ‘quoted’ x\u00a0y."
)


def test_offsets_are_python_character_offsets_on_awkward_text(tokenizer: Any) -> None:
    enc = encode_text(tokenizer, AWKWARD)
    long_word = AWKWARD.index("Pneumono")
    pieces = [t for t, (s, e) in enumerate(enc.offsets) if long_word <= s < long_word + 45]
    assert len(pieces) > 5  # split into many word pieces
    for s, e in enc.offsets:
        assert 0 <= s < e <= len(AWKWARD)
        assert AWKWARD[s:e].strip() == AWKWARD[s:e]  # tokens never hold whitespace
    emoji = AWKWARD.index("💪")
    assert any(s == emoji for s, _ in enc.offsets)
    assert [AWKWARD[s:e] for s, e in enc.offsets][:2] == ["“", "We"]


def test_awkward_spans_round_trip_through_bio_and_windows(tokenizer: Any) -> None:
    text = AWKWARD
    wanted = [
        "“We’re not going anywhere,”",
        "Agnieszka Brzęczyszczykiewicz",
        "💪🏽",
        "İstanbul",
        "Pneumonoultramicroscopicsilicovolcanoconiosis",
        "«a word»",
        "naïve café 北京",
        "‘quoted’",
    ]
    spans = [(text.index(w), text.index(w) + len(w)) for w in wanted]
    enc = encode_text(tokenizer, text)
    tags = spans_to_bio(enc, spans)
    breaks = paragraph_breaks(enc)
    assert decode_spans(enc, tags, breaks) == spans
    for max_length, stride in [(8, 2), (10, 4), (16, 0), (12, 9)]:
        for merge in ("mean", "centre"):
            merged = _via_windows(enc, tags, max_length, stride, merge)
            assert merged == tags, (max_length, stride, merge)
            assert decode_spans(enc, merged, breaks) == spans


def test_a_span_across_a_window_border_round_trips(tokenizer: Any) -> None:
    text = " ".join(f"word{i}" for i in range(60))
    enc = encode_text(tokenizer, text)
    wins = windows(len(enc), 20, 6)
    border = wins[1][0]  # first token of the second window, inside the first one
    span_tokens = (border - 3, wins[0][1] + 4)  # starts in window 0 only, ends in window 2 only
    span = (enc.offsets[span_tokens[0]][0], enc.offsets[span_tokens[1] - 1][1])
    tags = spans_to_bio(enc, [span])
    assert bio_to_token_ranges(tags) == [span_tokens]
    merged = _via_windows(enc, tags, 20, 6, "centre")
    assert decode_spans(enc, merged) == [span]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_token_aligned_spans_round_trip(tokenizer: Any, data: Any) -> None:
    alphabet = list("abc XYZ,.'\"“”‘’«»—-é💪北\n") + ["\n\n", "Brzęczyszczykiewicz "]
    text = "".join(data.draw(st.lists(st.sampled_from(alphabet), min_size=1, max_size=80)))
    enc = encode_text(tokenizer, text)
    if not len(enc):
        return
    breaks = paragraph_breaks(enc)
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(enc)), max_size=8))) | {0, len(enc)})
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        if data.draw(st.booleans()) and not any(breaks[a + 1 : b]):
            spans.append((enc.offsets[a][0], enc.offsets[b - 1][1]))
    tags = spans_to_bio(enc, spans)
    assert decode_spans(enc, tags, breaks) == spans
    assert decode_spans(enc, _via_windows(enc, tags, 9, 3, "centre"), breaks) == spans


def test_every_gold_span_of_the_fixtures_round_trips(tokenizer: Any, articles: list[dict[str, Any]]) -> None:
    for article in articles:
        enc = encode_text(tokenizer, article["text"])
        breaks = paragraph_breaks(enc)
        for role, spans in gold_role_spans(article).items():
            tags = spans_to_bio(enc, spans)
            assert decode_spans(enc, tags, breaks) == spans, (article["id"], role)
            merged = _via_windows(enc, tags, 24, 8, "centre")
            assert decode_spans(enc, merged, breaks) == spans, (article["id"], role)


def test_decoding_is_lenient_and_stops_at_paragraph_breaks() -> None:
    assert bio_to_token_ranges([TAG_O, TAG_I, TAG_I, TAG_O, TAG_B, TAG_I, TAG_B]) == [(1, 3), (4, 6), (6, 7)]
    assert bio_to_token_ranges([TAG_B, TAG_I, TAG_I, TAG_I], [False, False, True, False]) == [(0, 2), (2, 4)]


def test_fill_gaps_closes_holes_but_not_frames_or_sentence_ends(tokenizer: Any) -> None:
    text = '"We will win the cup. Then we rest," she said. "Next year."'
    enc = encode_text(tokenizer, text)
    words = [text[s:e] for s, e in enc.offsets]
    inside = [TAG_I] * len(enc)
    for w in ("win", "the", "she", "said"):
        inside[words.index(w)] = TAG_O
    inside[words.index("cup") + 1] = TAG_O  # the full stop after "cup"
    frame = [w in ("she", "said") for w in words]
    filled = fill_gaps(inside, frame, paragraph_breaks(enc), enc, max_gap=3)
    assert filled[words.index("win")] == TAG_I and filled[words.index("the")] == TAG_I
    assert filled[words.index("cup") + 1] == TAG_O  # sentence end kept
    assert filled[words.index("she")] == TAG_O and filled[words.index("said")] == TAG_O
    assert fill_gaps(inside, frame, paragraph_breaks(enc), enc, max_gap=1)[words.index("win")] == TAG_O


def test_gold_role_spans_use_top_level_content_and_dedupe(articles: list[dict[str, Any]]) -> None:
    sport = next(a for a in articles if a["id"] == "ab-9002")
    roles = gold_role_spans(sport)
    text = sport["text"]
    nested = next(q for q in sport["quotes"] if q["nested_in"])
    assert (nested["content"][0]["start"], nested["content"][0]["end"]) not in roles["content"]
    assert [text[s:e] for s, e in roles["speaker"]] == ["he", "Maja Lindqvist", "The gaffer", "she"]
    top = [(c["start"], c["end"]) for q in sport["quotes"] if not q["nested_in"] for c in q["content"]]
    assert roles["content"] == sorted(top)
    for spans in roles.values():
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))


# --------------------------------------------------------------------------- grouping and linking


def _gold_quotes(article: dict[str, Any]) -> list[list[tuple[int, int]]]:
    return [[(c["start"], c["end"]) for c in q["content"]] for q in article["quotes"] if not q["nested_in"]]


def test_gold_spans_assemble_into_the_gold_quotes(articles: list[dict[str, Any]]) -> None:
    """Split quotes, the multi-paragraph quote and the cues come back from gold role spans."""
    for article in articles:
        roles = gold_role_spans(article)
        top = [q for q in article["quotes"] if not q["nested_in"]]
        gold = {tuple(g): q for g, q in zip(_gold_quotes(article), top)}
        mentions = {tuple(k): (q["speaker"] or {}).get("mention") for k, q in gold.items()}

        def oracle(quote: list[tuple[int, int]], mentions: dict[Any, Any] = mentions) -> tuple[int, int] | None:
            m = mentions[tuple(quote)]
            return None if m is None else (m["start"], m["end"])

        predicted = assemble(article["text"], roles, oracle)
        assert [[(c["start"], c["end"]) for c in q["content"]] for q in predicted] == _gold_quotes(article)
        for p in predicted:
            g = gold[tuple((c["start"], c["end"]) for c in p["content"])]
            assert p["cue"] == g["cue"], (article["id"], g["id"])
            assert p["speaker"] == (g["speaker"] or {}).get("mention")
            assert all(c["text"] == article["text"][c["start"] : c["end"]] for c in p["content"])
            gold_targets = {(t["mention"]["start"], t["mention"]["end"]) for t in g["targets"]}
            assert gold_targets <= {(t["start"], t["end"]) for t in p["targets"]} or len(gold_targets) > 3


def test_split_quote_rule_gives_the_later_segment_its_own_frame() -> None:
    text = '"A one," Ann Lee said. "B two," she added, "and C three."'
    seg = [(text.index(x), text.index(x) + len(x)) for x in ('"A one,"', '"B two,"', '"and C three."')]
    cues = [(text.index(x), text.index(x) + len(x)) for x in ("said", "added")]
    speakers = [(text.index(x), text.index(x) + len(x)) for x in ("Ann Lee", "she")]
    assert group_segments(text, seg, cues, speakers, max_gap=160) == [[seg[0]], [seg[1], seg[2]]]
    text2 = '"A one," Ann Lee said. "B two."'
    seg2 = [(0, 8), (text2.index('"B'), len(text2))]
    assert group_segments(text2, seg2, cues[:1], speakers[:1], max_gap=160) == [seg2]
    assert group_segments(text2, seg2, [], [], max_gap=160) == [[seg2[0]], [seg2[1]]]  # no frame: two quotes
    assert group_segments(text2, seg2, cues[:1], speakers[:1], max_gap=5) == [[seg2[0]], [seg2[1]]]


def _spans_of(text: str, *parts: str) -> list[tuple[int, int]]:
    return [(text.index(p), text.index(p) + len(p)) for p in parts]


@pytest.mark.parametrize(("text", "content", "cues", "speakers", "expected"), [
    # indirect pieces that each have a cue of their own stay apart
    ("Lee said the plan was dead, and added that the fund was empty.",
     ("the plan was dead", "the fund was empty"), ("said", "added that"), ("Lee",), [[0], [1]]),
    ('"It is over," Lee told reporters, adding that the fund was empty.',
     ('"It is over,"', "the fund was empty"), ("told", "adding"), ("Lee",), [[0], [1]]),
    # an indirect quote split by its frame is one quote
    ("The pumps, he said, belong to the farmers.",
     ("The pumps", "belong to the farmers"), ("said",), ("he",), [[0, 1]]),
    # a closed sentence before the frame: the next sentence is a new quote
    ('"We lost." Lee then said the fund was empty.',
     ('"We lost."', "the fund was empty"), ("said",), ("Lee",), [[0], [1]]),
])
def test_split_rule_cases(text: str, content: tuple[str, ...], cues: tuple[str, ...], speakers: tuple[str, ...],
                          expected: list[list[int]]) -> None:
    segs = _spans_of(text, *content)
    groups = group_segments(text, segs, _spans_of(text, *cues), _spans_of(text, *speakers), max_gap=160)
    assert groups == [[segs[k] for k in g] for g in expected]


def test_continuation_paragraphs_join_but_closed_quotes_do_not() -> None:
    text = '"We will fight on.\n\n"And we will win," she said.\n\n"Another one."'
    a, b, c = (0, 18), (20, 37), (text.rindex('"Another'), len(text))
    assert group_segments(text, [a, b, c], [], [], max_gap=160) == [[a, b], [c]]
    nested_end = '"He told me, \'go home.\'\n\n"So I did."'
    a, b = (0, nested_end.index("\n")), (nested_end.rindex('"So'), len(nested_end))
    assert group_segments(nested_end, [a, b], [], [], max_gap=160) == [[a, b]]  # ends on the inner mark


def test_heuristic_speaker_takes_the_nearest_in_the_same_or_previous_sentence() -> None:
    from baselines.transformer.encoding import sentences

    text = 'Ann Lee spoke first. Bo Ma arrived. "We are ready," he said. Cy Do left.'
    quote = [(text.index('"We'), text.index('said') - 4)]
    he = text.index("he said")
    spans = [(0, 7), (21, 26), (he, he + 2), _spans_of(text, "Cy Do")[0]]
    assert heuristic_speaker(quote, spans, sentences(text)) == spans[2]
    assert heuristic_speaker(quote, [spans[0], spans[1], spans[3]], sentences(text)) == spans[1]
    assert heuristic_speaker(quote, [spans[0]], sentences(text)) is None


def test_distance_buckets_are_signed_and_bounded() -> None:
    quote = (100, 120)
    assert distance_bucket(quote, (105, 106)) == 0
    before = [distance_bucket(quote, (100 - g - 1, 100 - g)) for g in (0, 1, 2, 3, 7, 500)]
    after = [distance_bucket(quote, (120 + g, 121 + g)) for g in (0, 1, 2, 3, 7, 500)]
    assert before == [1, 2, 2, 3, 4, 8] and after == [9, 10, 10, 11, 12, 16]
    assert max(after) < NUM_DISTANCE_BUCKETS


def test_gold_link_items_point_at_the_gold_speaker(tokenizer: Any, articles: list[dict[str, Any]]) -> None:
    seen = 0
    for article in articles:
        enc = encode_text(tokenizer, article["text"])
        cum = cumulative_breaks(paragraph_breaks(enc))
        window = (0, len(enc))
        items = gold_link_items(article, enc, window, cum, max_distance=10_000, mention_negatives=True)
        top = [q for q in article["quotes"] if not q["nested_in"]]
        assert len(items) == len(top)
        for item, q in zip(items, top):
            mention = (q["speaker"] or {}).get("mention")
            if mention is None:
                assert item.label == 0
                continue
            a, b = item.candidates[item.label - 1]
            assert (a - 1, b - 1) == tokens_of_span(enc, (mention["start"], mention["end"]))
            assert len(item.candidates) > 1  # other mentions are negatives
            seen += 1
    assert seen >= 15


def test_configs_load_and_reject_unknown_keys() -> None:
    default = load_config(CONFIGS / "transformer-default.json")
    tiny = load_config(CONFIGS / "transformer-tiny.json")
    assert default.name == "transformer-default" and default.linking == "learned"
    assert tiny.random_init and tiny.random_init["hidden_size"] == 32
    with pytest.raises(ValueError, match="unknown config keys"):
        config_from_dict({"epochz": 3})
    with pytest.raises(ValueError, match="stride"):
        config_from_dict({"max_length": 16, "stride": 20})


def test_roles_and_tags_are_fixed() -> None:
    assert ROLES == ("content", "speaker", "cue", "target") and (TAG_O, TAG_B, TAG_I) == (0, 1, 2)
