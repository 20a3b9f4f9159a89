"""Build the Hugging Face Hub layout of the corpus and upload it.

The Hub folder holds one parquet file per split under ``data/``, the dataset card
(YAML pointing at the parquet files, typed features from :mod:`benchmark.schema`)
and the annotation guidelines. ``datasets.load_dataset(folder)`` reads it back with
the same rows and features as the repository's JSONL corpus.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from . import CORPUS_VERSION, paths
from .card import render_card
from .loader import read_split
from .schema import SPLITS, to_features


def build_hub_folder(out: Path | str, data_dir: Path | str | None = None) -> Path:
    """Write the Hub layout into ``out`` (created; must be empty or absent)."""
    import datasets

    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out}: output folder is not empty")
    src = Path(data_dir) if data_dir else paths.data_dir()
    by_split = {s: read_split(s, data_dir=src) for s in SPLITS}
    files = {s: f"data/{s}-00000-of-00001.parquet" for s in SPLITS}
    features = to_features()
    for s in SPLITS:
        target = out / files[s]
        target.parent.mkdir(parents=True, exist_ok=True)
        rows = by_split[s]
        table = (datasets.Dataset.from_list(rows, features=features) if rows
                 else datasets.Dataset.from_dict({k: [] for k in features}, features=features))
        table.to_parquet(str(target))
    card = (src / "README.md").read_text(encoding="utf-8")
    (out / "README.md").write_text(render_card(card, by_split, data_files=files), encoding="utf-8")
    shutil.copy(src / "GUIDELINES.md", out / "GUIDELINES.md")
    return out


def publish(repo_id: str, *, out: Path | str | None = None, dry_run: bool = False, api: Any = None,
            token: str | None = None, private: bool = False, data_dir: Path | str | None = None) -> Path:
    """Build the Hub folder and (unless ``dry_run``) upload it to dataset repo ``repo_id``.

    ``api`` defaults to ``huggingface_hub.HfApi(token=token)``; tests pass a fake.
    Returns the folder that was (or would be) uploaded.
    """
    if "/" not in repo_id:
        raise ValueError(f"repo id {repo_id!r} must look like ORG/NAME")
    folder = build_hub_folder(out or tempfile.mkdtemp(prefix="attribench-hub-"), data_dir)
    if dry_run:
        return folder
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi(token=token)
    api.create_repo(repo_id, repo_type="dataset", exist_ok=True, private=private)
    api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="dataset",
                      commit_message=f"attribench corpus {CORPUS_VERSION}")
    return folder
