"""Agreement: a second pass is scored against gold before and after adjudication."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmark import agreement
from benchmark.build import build


def test_agreement_before_and_after(mini_corpus: Path) -> None:
    base = mini_corpus / "agreement"
    (base / "second-pass").mkdir(parents=True)
    (base / "gold-before").mkdir()
    src = (mini_corpus / "source" / "ab-8002.txt").read_text()
    # before adjudication, gold had q3's speaker on "Coach Tomas Lindqvist" too
    before = src.replace("<m coach s2>Coach Tomas Lindqvist</m>", "<m coach s2 s3>Coach Tomas Lindqvist</m>")
    before = before.replace("<m coach s3>He</m>", "<m coach>He</m>")
    (base / "gold-before" / "ab-8002.txt").write_text(before)
    # the second pass missed the nested quote q4 and otherwise agrees with the adjudicated gold
    second = src.replace('<q 4>"just trust the rhythm"</q>', '"just trust the rhythm"')
    second = second.replace("<m park t3 s4>Park</m> had <cue 4>told</cue>", "<m park t3>Park</m> had told")
    (base / "second-pass" / "ab-8002.txt").write_text(second)

    result = agreement.compute(mini_corpus)
    assert result is not None and result["articles"] == 1 and result["by_split"]["test"] == 1
    after = result["after"]
    assert (after["n_gold_quotes"], after["n_pred_quotes"]) == (4, 3)
    assert after["content_exact_f"] == pytest.approx(2 * 3 / (3 + 4))
    assert after["speaker_strict_acc"] == 1.0
    # against the old gold, q3's speaker mention differs (He vs Coach Tomas Lindqvist) but is the same entity
    assert result["before"]["speaker_strict_acc"] == pytest.approx(2 / 3)
    assert result["before"]["speaker_entity_acc"] == 1.0

    (base / "adjudication").mkdir()
    (base / "adjudication" / "ab-8002.tsv").write_text(
        "q4\t-\tquote\tgold-correct\tnested quote, GUIDELINES 7\n"
        "q3\tq3\tspeaker\tgold-fixed\tnearest mention, GUIDELINES 5\n")
    assert agreement.compute(mini_corpus)["adjudication"]["gold-fixed"] == {"speaker": 1}
    build(mini_corpus)
    card = (mini_corpus / "README.md").read_text()
    assert "| content exact F1 | 85.7 | 85.7 |" in card
    assert "| gold-correct | 1 | 0 | 1 |" in card  # columns: quote, speaker, total


def test_malformed_adjudication_line(tmp_path: Path) -> None:
    (tmp_path / "ab-1.tsv").write_text("q1\tq1\tspeaker\tmaybe\tunsure\n")
    with pytest.raises(ValueError, match="ab-1.tsv:1"):
        agreement.adjudication_counts(tmp_path)


def test_text_must_match(mini_corpus: Path) -> None:
    base = mini_corpus / "agreement"
    for sub in ("second-pass", "gold-before"):
        (base / sub).mkdir(parents=True)
        shutil.copy(mini_corpus / "source" / "ab-8001.txt", base / sub / "ab-8001.txt")
    p = base / "second-pass" / "ab-8001.txt"
    p.write_text(p.read_text().replace("Bin collections", "Bin rounds"))
    with pytest.raises(ValueError, match="text differs"):
        agreement.compute(mini_corpus)


def test_no_second_pass_yet(mini_corpus: Path) -> None:
    assert agreement.compute(mini_corpus) is None
    assert agreement.render_markdown(None) == "No second annotation pass yet."
