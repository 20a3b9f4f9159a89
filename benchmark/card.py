"""Generate the dataset card's machine-readable parts.

The YAML front matter (configs, data files, typed features, split sizes) is derived
from :mod:`benchmark.schema`; the statistics block between the markers
``<!-- stats:begin -->`` and ``<!-- stats:end -->`` comes from :mod:`benchmark.stats`, the
agreement block (``agreement:begin/end``) from :mod:`benchmark.agreement`.
Everything else in ``data/README.md`` is hand-written prose and is kept as it is.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from . import CORPUS_VERSION
from .schema import SPLITS, to_features


def card_yaml(data_files: dict[str, str] | None = None,
              config_name: str = "default", pretty_name: str = "attribench") -> str:
    """The YAML front matter (without fences); split sizes live in the statistics block."""
    from datasets.info import DatasetInfo

    files = data_files or {s: f"default/{s}.jsonl" for s in SPLITS}
    features = DatasetInfo(features=to_features())._to_yaml_dict()["features"]
    meta: dict[str, Any] = {
        "pretty_name": pretty_name,
        "language": ["en"],
        "license": "cc-by-4.0",
        "task_categories": ["token-classification"],
        "tags": ["quote-attribution", "attribution", "news", "speaker-identification"],
        "size_categories": ["n<1K"],
        "version": CORPUS_VERSION,
        "configs": [{
            "config_name": config_name,
            "default": True,
            "data_files": [{"split": s, "path": files[s]} for s in SPLITS],
        }],
        "dataset_info": {
            "config_name": config_name,
            "features": features,
        },
    }
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)


def _replace_block(body: str, name: str, content: str) -> str:
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    if begin not in body or end not in body:
        return body
    head, rest = body.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{content}\n{end}{tail}"


def render_card(old: str, by_split: dict[str, list[dict[str, Any]]],
                data_files: dict[str, str] | None = None, agreement: str | None = None) -> str:
    """Return the card ``old`` with fresh YAML front matter, statistics and (if given) agreement blocks."""
    from .stats import compute_stats, render_markdown

    body = re.sub(r"\A---\n.*?\n---\n", "", old, flags=re.DOTALL)
    front = "---\n" + card_yaml(data_files) + "---\n"
    body = _replace_block(body, "stats", render_markdown(compute_stats(by_split)))
    if agreement is not None:
        body = _replace_block(body, "agreement", agreement)
    return front + body
