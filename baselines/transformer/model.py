"""One shared encoder with a BIO head per role and the learned speaker linker.

:class:`AttributionModel` wraps any ``transformers`` ``AutoModel`` encoder. Its tagger
is one linear layer giving ``(batch, length, 4 roles, 3 tags)`` logits (roles in
:data:`encoding.ROLES`, tags O/B/I); its linker is a :class:`linking.LinkScorer` over
the same encoder states. ``forward`` returns the joint training loss when labels are
given (sum of the per-role token cross-entropies, weighted, plus the link loss).

A saved model folder holds the encoder's ``config.json``, the tokenizer files,
``model.safetensors`` (the whole state dict: encoder, tagger, linker) and
``attribution.json`` (the baseline config the model was trained with).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .config import TransformerConfig, config_from_dict
from .encoding import IGNORE, NUM_TAGS, ROLES
from .linking import LinkItem, LinkScorer

HEADS_FILE = "attribution.json"
WEIGHTS_FILE = "model.safetensors"


class AttributionModel(nn.Module):
    """Shared encoder + per-role BIO tagger + pairwise speaker linker."""

    encoder: Any  # a transformers PreTrainedModel
    class_weight: torch.Tensor

    def __init__(self, encoder: nn.Module, config: TransformerConfig):
        super().__init__()
        self.encoder = encoder
        self.config = config
        hidden = int(self.encoder.config.hidden_size)
        self.dropout = nn.Dropout(config.head_dropout)
        self.tagger = nn.Linear(hidden, len(ROLES) * NUM_TAGS)
        self.linker = LinkScorer(hidden, config.link_hidden, config.link_feature_dim, config.head_dropout)
        weight = torch.tensor([1.0, config.positive_class_weight, config.positive_class_weight])
        self.register_buffer("class_weight", weight, persistent=False)
        self.role_weights = [float(config.role_loss_weights.get(r, 1.0)) for r in ROLES]

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Encoder states ``(B, L, H)`` and tag logits ``(B, L, len(ROLES), 3)``."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        logits = self.tagger(self.dropout(hidden))
        return hidden, logits.view(*logits.shape[:2], len(ROLES), NUM_TAGS)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                labels: torch.Tensor | None = None,
                links: Sequence[Sequence[LinkItem]] | None = None) -> dict[str, torch.Tensor]:
        """Logits and hidden states; with ``labels`` (``(B, L, 4)``, -100 ignored) also the losses."""
        hidden, logits = self.encode(input_ids, attention_mask)
        out: dict[str, torch.Tensor] = {"logits": logits, "hidden": hidden}
        if labels is None:
            return out
        token_loss = hidden.new_zeros(())
        for r in range(len(ROLES)):
            role_loss = nn.functional.cross_entropy(
                logits[:, :, r].reshape(-1, NUM_TAGS).float(), labels[:, :, r].reshape(-1),
                weight=self.class_weight, ignore_index=IGNORE,
            )
            token_loss = token_loss + self.role_weights[r] * role_loss
        link_loss = self.linker.loss(hidden, links) if links is not None else hidden.new_zeros(())
        out["token_loss"] = token_loss
        out["link_loss"] = link_loss
        out["loss"] = token_loss + self.config.link_loss_weight * link_loss
        return out


def load_tokenizer(path: str) -> Any:
    """The fast tokenizer of a Hub id or local folder."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path, use_fast=True)
    if not tokenizer.is_fast:
        raise TypeError(f"{path}: the transformer baseline needs a fast tokenizer")
    return tokenizer


def build_model(config: TransformerConfig) -> tuple[AttributionModel, Any]:
    """A fresh model and its tokenizer: pretrained encoder, or a random one with ``random_init``."""
    from transformers import AutoConfig, AutoModel

    path = config.model_name_or_path or config.resolved().model_name_or_path
    assert path is not None
    tokenizer = load_tokenizer(path)
    if config.random_init is not None:
        enc_config = AutoConfig.from_pretrained(path, **config.random_init)
        encoder = AutoModel.from_config(enc_config)
    else:
        encoder = AutoModel.from_pretrained(path)
    return AttributionModel(encoder, config), tokenizer


def save_model(model: AttributionModel, tokenizer: Any, out_dir: str | Path,
               state_dict: dict[str, torch.Tensor] | None = None) -> Path:
    """Write the model folder (see module docstring); ``state_dict`` overrides the model's weights."""
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.encoder.config.save_pretrained(out)
    tokenizer.save_pretrained(out)
    state = state_dict if state_dict is not None else model.state_dict()
    save_file({k: v.detach().cpu().contiguous() for k, v in state.items()}, str(out / WEIGHTS_FILE))
    (out / HEADS_FILE).write_text(json.dumps(model.config.to_dict(), indent=2) + "\n", encoding="utf-8")
    return out


def load_model(model_dir: str | Path, device: str | torch.device = "cpu") -> tuple[AttributionModel, Any]:
    """Load a folder written by :func:`save_model`; returns ``(model in eval mode, tokenizer)``."""
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModel

    path = Path(model_dir)
    config = config_from_dict(json.loads((path / HEADS_FILE).read_text(encoding="utf-8")))
    encoder = AutoModel.from_config(AutoConfig.from_pretrained(path))
    model = AttributionModel(encoder, config)
    model.load_state_dict(load_file(str(path / WEIGHTS_FILE)))
    model.to(device).eval()
    return model, load_tokenizer(str(path))
