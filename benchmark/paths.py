"""Where the repository's data lives.

The corpus folder defaults to ``<repo>/data`` next to this package (an editable
install or a clone); ``ATTRIBENCH_DATA`` overrides it.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HUB_REPO_ID = "attribench/attribench"


def data_dir() -> Path:
    """The corpus folder (a Hugging Face dataset folder)."""
    return Path(os.environ.get("ATTRIBENCH_DATA", REPO_ROOT / "data"))


def source_dir(root: Path | None = None) -> Path:
    """Annotated source files, one ``<id>.txt`` per article."""
    return (root or data_dir()) / "source"


def splits_file(root: Path | None = None) -> Path:
    """The frozen split assignment: ``id<TAB>split`` per line."""
    return (root or data_dir()) / "splits.tsv"


def split_file(split: str, root: Path | None = None, config: str = "default") -> Path:
    """The compiled JSONL file of one split."""
    return (root or data_dir()) / config / f"{split}.jsonl"
