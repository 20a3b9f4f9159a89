"""Convert a user's own copy of PolNeAR into an attribench dataset folder.

PolNeAR (Newell, Margolin & Ruths, LREC 2018; github.com/networkdynamics/PolNeAR)
annotates attributions in 1,008 US political news articles as brat standoff. Its
text is copyrighted and has no data licence, so attribench never ships it: this
converter reads a local clone and writes ``<out>/default/{train,validation,test}.jsonl``
plus a dataset card, in the attribench schema, with the official temporal split
(``train``/``dev``/``test`` -> ``train``/``validation``/``test``).

Mapping (each rule is counted in :class:`Report`):

* Relations come from the ``E`` lines (the ``Attribution`` / ``Attribution-no-source``
  trigger repeats the cue). ``Content`` and ``Content2`` give the content spans; a
  discontinuous span (``start end;start end``) becomes several spans. A relation with
  no content is dropped; a relation whose content equals an earlier one's is dropped.
* ``Source`` becomes the speaker mention; each distinct source span is its own entity
  (PolNeAR has no coreference), typed ``OTHER`` (PolNeAR has no entity types).
  ``Attribution-no-source`` (or a missing source) gives a null speaker. A
  discontinuous source or cue keeps its first fragment. Of two overlapping contents
  (rare: PolNeAR is univocal) the later quote is dropped.
* ``Discuss`` and ``Discard`` spans are not relations and are ignored.
* Quote type follows attribench's rule on quotation marks
  (:func:`benchmark.source.quote_type`); a "direct" quote whose double marks do not
  balance (the annotated span cuts a quotation) is typed ``mixed``. Targets are not annotated: every quote has
  an empty target list, and the scorer reports target metrics as not applicable.
* Articles with several annotators (20 of 1,008) use the lowest annotator id.
  ``parc3-replication`` has no text and is skipped with a message.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..source import PRONOUNS, _nest, _split_around_cue, quote_type
from ..validate import balanced_marks

CONVERTER_VERSION = "1"
SPLIT_MAP = {"train": "train", "dev": "validation", "test": "test"}
LINE_RE = re.compile(r"^([TER#AN*]\d*)\t")


@dataclass
class Report:
    """Counts of what the conversion did, per split and in total."""

    articles: dict[str, int] = field(default_factory=dict)
    attributions: int = 0
    no_source: int = 0
    discontinuous_content: int = 0
    discontinuous_source_or_cue: int = 0
    dropped_no_content: int = 0
    dropped_duplicate_content: int = 0
    dropped_overlapping: int = 0
    unbalanced_direct_as_mixed: int = 0
    multi_annotator_articles: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few human-readable lines."""
        n = max(self.attributions, 1)
        arts = ", ".join(f"{k} {v}" for k, v in self.articles.items())
        return (f"articles: {arts}; attributions: {self.attributions}; "
                f"no-source: {self.no_source} ({self.no_source / n:.1%}); "
                f"several content spans: {self.discontinuous_content} ({self.discontinuous_content / n:.1%}); "
                f"several annotators (lowest id used): {self.multi_annotator_articles}; "
                f"dropped: {self.dropped_no_content} without content, {self.dropped_duplicate_content} duplicate, "
                f"{self.dropped_overlapping} overlapping; direct with unbalanced marks typed mixed: "
                f"{self.unbalanced_direct_as_mixed}")


def parse_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict[str, str]]]:
    """Parse a brat ``.ann`` file: ``T`` spans ``{id: (label, [(start, end), ...])}`` and ``E`` role maps.

    Lines that do not start with a brat id continue the previous ``T`` line's text
    (PolNeAR's T-line text may contain newlines); the text is not needed and is skipped.
    """
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        m = LINE_RE.match(line)
        if not m:
            continue  # continuation of a T line's surface text, or blank
        kind, parts = m.group(1), line.split("\t")
        if kind.startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            try:
                frags = [(int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))]
            except ValueError:
                raise ValueError(f"{path}:{no}: malformed T line offsets {offsets!r}") from None
            spans[kind] = (label, frags)
        elif kind.startswith("E"):
            roles: dict[str, str] = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles[role] = ref
            events.append(roles)
    return spans, events


def _span(text: str, a: int, b: int) -> dict[str, Any]:
    return {"start": a, "end": b, "text": text[a:b]}


def _speaker_kind(mention: str) -> str:
    words = mention.split()
    if len(words) == 1 and words[0].lower().strip("’'s") in PRONOUNS:
        return "pronoun"
    return "name" if any(w[:1].isupper() for w in words) else "description"


def convert_article(aid: str, text: str, ann: Path, report: Report, genre: str) -> dict[str, Any]:
    """One PolNeAR article (text + chosen annotation file) as an attribench article."""
    spans, events = parse_ann(ann)
    entities: dict[tuple[int, int], dict[str, Any]] = {}
    quotes: list[dict[str, Any]] = []
    seen_content: set[tuple[tuple[int, int], ...]] = set()
    headline_end = text.find("\n\n") if "\n\n" in text else len(text)
    for ev in events:
        trigger = next((r for r in ev if r.startswith("Attribution")), None)
        if trigger is None:
            continue
        frags = [f for role in ("Content", "Content2") if role in ev for f in spans[ev[role]][1]]
        if not frags:
            report.dropped_no_content += 1
            continue
        key = tuple(sorted(frags))
        if key in seen_content:
            report.dropped_duplicate_content += 1
            continue
        seen_content.add(key)
        content = [_span(text, a, b) for a, b in sorted(frags)]
        cue = None
        if "Cue" in ev:
            cfr = spans[ev["Cue"]][1]
            report.discontinuous_source_or_cue += len(cfr) > 1
            cue = _span(text, *cfr[0])
        speaker = None
        if trigger != "Attribution-no-source" and "Source" in ev:
            sfr = spans[ev["Source"]][1]
            report.discontinuous_source_or_cue += len(sfr) > 1
            a, b = sfr[0]
            if (a, b) not in entities:
                entities[(a, b)] = {"id": f"s{len(entities) + 1}", "name": text[a:b], "type": "OTHER",
                                    "anonymous": False, "mentions": [_span(text, a, b)]}
            speaker = {"entity": entities[(a, b)]["id"], "mention": _span(text, a, b)}
        lo, hi = content[0]["start"], content[-1]["end"]
        quotes.append({
            "id": "", "type": quote_type(text, content), "content": content, "cue": cue,
            "speaker": speaker, "targets": [], "nested_in": None,
            "attributes": {
                "speaker_kind": _speaker_kind(speaker["mention"]["text"]) if speaker else "none",
                "speaker_type": "OTHER" if speaker else None,
                "multi_paragraph": "\n\n" in text[lo:hi],
                "split": _split_around_cue(content, cue, speaker["mention"] if speaker else None),
                "in_headline": hi <= headline_end, "in_caption": False, "nested": False,
            },
        })
    quotes.sort(key=lambda q: (q["content"][0]["start"], q["content"][0]["end"]))
    kept: list[dict[str, Any]] = []
    for q in quotes:  # PolNeAR is univocal; the rare overlapping pair keeps the earlier quote
        if any(a["start"] < b["end"] and b["start"] < a["end"] for p in kept for a in p["content"]
               for b in q["content"]):
            report.dropped_overlapping += 1
            continue
        if q["type"] == "direct" and not balanced_marks(q["content"]):
            q["type"] = "mixed"
            report.unbalanced_direct_as_mixed += 1
        kept.append(q)
    quotes = kept
    report.attributions += len(quotes)
    report.no_source += sum(q["speaker"] is None for q in quotes)
    report.discontinuous_content += sum(len(q["content"]) > 1 for q in quotes)
    for i, q in enumerate(quotes, 1):
        q["id"] = f"q{i}"
    _nest(quotes)
    return {
        "id": aid, "title": text.split("\n\n", 1)[0], "text": text, "genre": genre,
        "topic": "2016 US election", "outlet_style": genre, "spelling": "en-US",
        "entities": sorted(entities.values(), key=lambda e: e["mentions"][0]["start"]),
        "quotes": quotes, "distractors": [],
    }


def convert(source: Path | str, out: Path | str) -> Report:
    """Convert the PolNeAR clone at ``source`` into the dataset folder ``out``; return the counts."""
    from tqdm import tqdm

    from ..card import card_yaml

    src = Path(source) / "data"
    if not (src / "train" / "text").is_dir():
        raise FileNotFoundError(f"{source}: not a PolNeAR clone (no data/train/text/)")
    out = Path(out)
    report = Report()
    if (src / "parc3-replication").exists():
        report.skipped.append("parc3-replication (annotations only, no text: PARC 3.0 text is LDC-licensed)")
    for folder, split in SPLIT_MAP.items():
        texts = sorted((src / folder / "text").glob("*.txt"))
        rows = []
        for t in tqdm(texts, desc=f"polnear {folder}", unit="article"):
            anns = sorted((src / folder / "attributions").glob(f"{t.stem}_*.ann"))
            if not anns:
                report.skipped.append(f"{folder}/{t.name} (no annotation file)")
                continue
            report.multi_annotator_articles += len(anns) > 1
            publisher = t.stem.split("_", 1)[0]
            rows.append(convert_article(t.stem, t.read_text(encoding="utf-8"), anns[0], report, publisher))
        report.articles[split] = len(rows)
        target = out / "default" / f"{split}.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    card = ("---\n" + card_yaml(pretty_name="attribench-polnear") + "---\n"
            "# PolNeAR in the attribench schema (local conversion)\n\n"
            "Converted by `attribench convert polnear` from the user's own PolNeAR clone. "
            "Do not redistribute: the article text is copyrighted news with no data licence.\n\n"
            f"Conversion report: {report.summary()}\n")
    (out / "README.md").write_text(card, encoding="utf-8")
    stamp = {"converter": CONVERTER_VERSION, "source": str(Path(source).resolve()), "report": asdict(report)}
    (out / "conversion.json").write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    return report


def cache_dir() -> Path:
    """Default output folder: ``$ATTRIBENCH_CACHE/polnear`` or ``~/.cache/attribench/polnear``."""
    base = os.environ.get("ATTRIBENCH_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "attribench")
    return Path(base) / "polnear"


def default_source() -> Path | None:
    """A PolNeAR clone found without being asked: ``$ATTRIBENCH_POLNEAR``, else
    ``../shared/corpora/polnear`` beside the repository (this project's CI), else ``None``."""
    env = os.environ.get("ATTRIBENCH_POLNEAR")
    if env:
        return Path(env)
    from .. import paths

    beside = paths.REPO_ROOT.parent / "shared" / "corpora" / "polnear"
    return beside if (beside / "data").is_dir() else None


def ensure_converted(source: Path | str | None = None, out: Path | str | None = None) -> Path:
    """Return a converted folder, converting ``source`` first unless a matching conversion exists."""
    out = Path(out) if out else cache_dir()
    stamp = out / "conversion.json"
    if stamp.exists():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        fresh = info.get("converter") == CONVERTER_VERSION
        same = source is None or info.get("source") == str(Path(source).resolve())
        if fresh and same:
            return out
    source = source or default_source()
    if source is None:
        raise FileNotFoundError(f"{out}: no PolNeAR conversion; pass source=<path to your PolNeAR clone> "
                                "or set ATTRIBENCH_POLNEAR")
    convert(source, out)
    return out
