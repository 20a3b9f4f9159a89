"""Shared fixtures: small hand-written articles and an isolated Hugging Face cache."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from benchmark.source import read_source

# Before anything imports `datasets` (it reads these at import time): a private cache, offline.
_HF_HOME = tempfile.mkdtemp(prefix="attribench-test-hf-")
os.environ["HF_HOME"] = _HF_HOME
os.environ["HF_DATASETS_CACHE"] = os.path.join(_HF_HOME, "datasets")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ATTRIBENCH_CACHE"] = os.path.join(_HF_HOME, "attribench")  # PolNeAR conversions go here

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def article() -> dict[str, Any]:
    """The compiled fixture article ab-8002 (split, mixed, nested and pronoun quotes)."""
    return read_source(FIXTURES / "sources" / "ab-8002.txt")


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A corpus folder with the two fixture sources, the card and the guidelines; not yet built."""
    root = tmp_path / "data"
    (root / "source").mkdir(parents=True)
    for f in (FIXTURES / "sources").glob("*.txt"):
        shutil.copy(f, root / "source" / f.name)
    shutil.copy(REPO / "data" / "README.md", root / "README.md")
    shutil.copy(REPO / "data" / "GUIDELINES.md", root / "GUIDELINES.md")
    (root / "splits.tsv").write_text("ab-8001\ttrain\nab-8002\ttest\nab-8003\tvalidation\n", encoding="utf-8")
    return root
