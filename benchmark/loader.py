"""Load the corpus: as plain dicts (:func:`read_split`) or as a typed ``DatasetDict``.

``load_dataset()`` returns exactly what ``datasets.load_dataset("<repo>/data")``
returns: the dataset card's YAML declares the split files and the typed features,
both generated from :mod:`benchmark.schema`. Without a local corpus folder (a plain
``pip install``), it loads the published copy from the Hugging Face Hub.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import paths
from .schema import SPLITS


def read_split(split: str, config: str = "default", data_dir: Path | str | None = None) -> list[dict[str, Any]]:
    """Read one compiled split as a list of article dicts (fast, no Arrow)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    root = config_root(config, data_dir)
    path = paths.split_file(split, root, "default")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such split file (run 'attribench build'?)")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def config_root(config: str, data_dir: Path | str | None = None, source: Path | str | None = None) -> Path:
    """The dataset folder of a config: ``data/`` (or ``data_dir``) for ``default``; for
    ``polnear``, the cached conversion of the user's copy (converted on first use)."""
    if config == "default":
        return Path(data_dir) if data_dir else paths.data_dir()
    if config == "polnear":
        from .convert.polnear import ensure_converted

        return ensure_converted(source=source, out=data_dir)
    raise ValueError(f"unknown config {config!r}; expected 'default' or 'polnear'")


def load_dataset(config: str = "default", *, source: Path | str | None = None,
                 data_dir: Path | str | None = None, split: str | None = None, **kwargs: Any) -> Any:
    """Return the corpus as a ``datasets.DatasetDict`` (or one ``Dataset`` with ``split``).

    ``config="default"`` is the attribench corpus; ``config="polnear"`` converts the
    user's own PolNeAR clone at ``source`` on first use and loads the cached
    conversion after that. Extra keyword arguments go to ``datasets.load_dataset``.
    """
    import datasets

    root = config_root(config, data_dir, source)
    if not (root / "README.md").exists():
        if config == "default" and data_dir is None:
            return datasets.load_dataset(paths.HUB_REPO_ID, split=split, **kwargs)
        raise FileNotFoundError(f"{root}: not a dataset folder (no README.md card)")
    return datasets.load_dataset(str(root), split=split, **kwargs)
