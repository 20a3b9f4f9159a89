"""Training with ``accelerate``: windows, BIO labels and link items; one joint loss.

Each training example is one window (``max_length`` tokens, consecutive windows
sharing ``train_stride`` tokens) with four BIO label sequences and the link items of
the top-level gold quotes in it (:func:`linking.gold_link_items`). The loss is the sum
of the four token cross-entropies plus ``link_loss_weight`` times the linker's
cross-entropy, so tagger and linker are trained jointly on one shared encoder.

The same code runs on CPU, one GPU, or several GPUs (``accelerate launch`` /
``torchrun``): the ``Accelerator`` places model and batches; only the main process
evaluates and saves.

Checkpoint selection (recorded in ``training.json`` next to the weights): after every
epoch the model predicts the validation articles and the benchmark scorer's
``main_score`` is computed; the epoch with the highest score is kept (ties: the
earlier epoch). Without the scorer (not importable yet) the epoch with the lowest
validation loss is kept; without validation articles, the last epoch.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import torch
from tqdm.auto import tqdm

from .config import TransformerConfig, load_config
from .encoding import (
    IGNORE,
    ROLES,
    encode_text,
    gold_role_spans,
    paragraph_breaks,
    spans_to_bio,
    token_range_to_span,
    tokens_of_span,
    window_input,
    windows,
)
from .linking import LinkItem, cumulative_breaks, gold_link_items
from .model import AttributionModel, build_model, save_model
from .predict import predict_with_model
from .scoring import load_scorer, score_predictions

TRAINING_LOG = "training.json"


@dataclass
class Feature:
    """One training window: ids with specials, per-position labels ``[role tags]``, link items."""

    input_ids: list[int]
    labels: list[list[int]]
    links: list[LinkItem] = field(default_factory=list)


def make_features(articles: Sequence[dict[str, Any]], tokenizer: Any, config: TransformerConfig, *,
                  stride: int) -> tuple[list[Feature], dict[str, int]]:
    """Training windows of ``articles`` and counts (windows, link items, spans, misaligned spans).

    A span is *misaligned* when its BIO round trip (span -> tags -> span) does not give
    the same characters back, i.e. a span edge falls inside a tokenizer token.
    """
    feats: list[Feature] = []
    stats = {"articles": len(articles), "windows": 0, "link_items": 0, "spans": 0, "misaligned_spans": 0}
    for article in articles:
        enc = encode_text(tokenizer, article["text"])
        roles = gold_role_spans(article)
        tags = {r: spans_to_bio(enc, roles[r]) for r in ROLES}
        for r in ROLES:
            for span in roles[r]:
                stats["spans"] += 1
                rng = tokens_of_span(enc, span)
                if rng is None or token_range_to_span(enc, rng) != span:
                    stats["misaligned_spans"] += 1
        cum = cumulative_breaks(paragraph_breaks(enc))
        for a, b in windows(len(enc), config.max_length, stride):
            ids = window_input(enc, (a, b), tokenizer.cls_token_id, tokenizer.sep_token_id)
            none = [IGNORE] * len(ROLES)
            labels = [none] + [[tags[r][t] for r in ROLES] for t in range(a, b)] + [none]
            links: list[LinkItem] = []
            if config.linking == "learned":
                links = gold_link_items(article, enc, (a, b), cum, max_distance=config.link_max_distance,
                                        mention_negatives=config.link_mention_negatives)
            feats.append(Feature(ids, labels, links))
            stats["windows"] += 1
            stats["link_items"] += len(links)
    return feats, stats


def collate(features: Sequence[Feature], pad_id: int) -> dict[str, Any]:
    """Pad a batch: ``input_ids``/``attention_mask`` ``(B, W)``, ``labels`` ``(B, W, 4)``, ``links`` lists."""
    width = max(len(f.input_ids) for f in features)
    ids = torch.full((len(features), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(features), width), dtype=torch.long)
    labels = torch.full((len(features), width, len(ROLES)), IGNORE, dtype=torch.long)
    for i, f in enumerate(features):
        n = len(f.input_ids)
        ids[i, :n] = torch.tensor(f.input_ids)
        mask[i, :n] = 1
        labels[i, :n] = torch.tensor(f.labels)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels, "links": [f.links for f in features]}


def _param_groups(model: AttributionModel, config: TransformerConfig) -> list[dict[str, Any]]:
    """AdamW groups: encoder vs heads learning rate; no weight decay on biases and norms."""
    groups: dict[tuple[bool, bool], list[torch.nn.Parameter]] = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        head = not name.startswith("encoder.")
        decay = p.ndim > 1  # matrices and embeddings; biases and LayerNorm weights are 1-D
        groups.setdefault((head, decay), []).append(p)
    return [
        {"params": ps, "lr": config.head_learning_rate if head else config.learning_rate,
         "weight_decay": config.weight_decay if decay else 0.0}
        for (head, decay), ps in sorted(groups.items())
    ]


@torch.no_grad()
def _dev_loss(model: AttributionModel, feats: Sequence[Feature], pad_id: int, batch_size: int,
              device: torch.device) -> float:
    """Mean joint loss over validation windows (model in eval mode)."""
    was = model.training
    model.eval()
    total, n = 0.0, 0
    for i in range(0, len(feats), batch_size):
        batch = collate(feats[i : i + batch_size], pad_id)
        out = model(batch["input_ids"].to(device), batch["attention_mask"].to(device),
                    batch["labels"].to(device), batch["links"])
        total += float(out["loss"]) * len(batch["links"])
        n += len(batch["links"])
    model.train(was)
    return total / max(n, 1)


def train(config: TransformerConfig | str | Path, train_articles: Sequence[dict[str, Any]],
          dev_articles: Sequence[dict[str, Any]], out_dir: str | Path) -> Path:
    """Train on ``train_articles``, select the epoch on ``dev_articles``, save the model to ``out_dir``.

    Returns ``out_dir`` (the model folder: weights, tokenizer, ``attribution.json`` and
    ``training.json`` with per-epoch losses and validation scores, the selection made,
    step counts and seconds).
    """
    from accelerate import Accelerator, DistributedDataParallelKwargs
    from transformers import get_linear_schedule_with_warmup, set_seed

    cfg = config if isinstance(config, TransformerConfig) else load_config(config)
    cfg = cfg.resolved()
    out = Path(out_dir)
    t_start = time.perf_counter()
    set_seed(cfg.seed)
    accelerator = Accelerator(
        cpu=cfg.device == "cpu",
        gradient_accumulation_steps=cfg.gradient_accumulation_steps,
        kwargs_handlers=[DistributedDataParallelKwargs(find_unused_parameters=True)],
    )
    main = accelerator.is_main_process
    show = cfg.progress and accelerator.is_local_main_process
    model, tokenizer = build_model(cfg)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    feats, stats = make_features(train_articles, tokenizer, cfg, stride=cfg.train_stride)
    if not feats:
        raise ValueError("no training windows: the training articles are empty")

    score_fn, score_reason = load_scorer()
    criterion = cfg.select_by
    if criterion == "main_score" and score_fn is None:
        criterion = "dev_loss"
    if not dev_articles and criterion != "last":
        criterion = "last"
    dev_feats: list[Feature] = []
    if criterion == "dev_loss":
        dev_feats = make_features(dev_articles, tokenizer, cfg, stride=cfg.train_stride)[0]

    generator = torch.Generator().manual_seed(cfg.seed)
    loader: torch.utils.data.DataLoader[Any] = torch.utils.data.DataLoader(
        feats,  # type: ignore[arg-type]  # a list is a valid map-style dataset
        batch_size=cfg.batch_size, shuffle=True, collate_fn=partial(collate, pad_id=pad_id), generator=generator)
    optimizer = torch.optim.AdamW(_param_groups(model, cfg))
    # The prepared scheduler steps once per process at every optimiser step, so it counts
    # optimiser steps summed over processes: batches of the unsharded loader / accumulation.
    total = math.ceil(len(loader) / cfg.gradient_accumulation_steps) * cfg.epochs
    if cfg.max_steps is not None:
        total = min(total, cfg.max_steps * accelerator.num_processes)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup_ratio * total), max(total, 1))
    model, optimizer, loader, scheduler = accelerator.prepare(model, optimizer, loader, scheduler)

    history: list[dict[str, Any]] = []
    best: tuple[float, int, dict[str, torch.Tensor]] | None = None
    steps, loop_seconds, eval_seconds, stopped = 0, 0.0, 0.0, None
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        t_epoch = time.perf_counter()
        sums = {"loss": 0.0, "token_loss": 0.0, "link_loss": 0.0}
        batches = 0
        bar = tqdm(loader, desc=f"epoch {epoch}/{cfg.epochs}", unit="batch", disable=not show)
        for batch in bar:
            with accelerator.accumulate(model):
                result = model(**batch)
                accelerator.backward(result["loss"])
                if accelerator.sync_gradients and cfg.max_grad_norm > 0:
                    accelerator.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
            batches += 1
            for k in sums:
                sums[k] += float(result[k].detach())
            bar.set_postfix(loss=f"{sums['loss'] / batches:.3f}")
            if accelerator.sync_gradients:
                steps += 1
                stopped = _should_stop(accelerator, cfg, steps, time.perf_counter() - t_start)
                if stopped:
                    break
        loop_seconds += time.perf_counter() - t_epoch
        record: dict[str, Any] = {"epoch": epoch, "steps": steps, **{k: v / max(batches, 1) for k, v in sums.items()}}
        t_eval = time.perf_counter()
        if main and criterion != "last":
            unwrapped = accelerator.unwrap_model(model)
            if criterion == "main_score":
                preds = predict_with_model(unwrapped, tokenizer, dev_articles, batch_size=cfg.eval_batch_size,
                                           device=accelerator.device, progress=show)
                scores = score_predictions(dev_articles, preds) or {}
                record["dev_main_score"] = scores.get("main_score")
                value = float(scores.get("main_score") or 0.0)
            else:
                record["dev_loss"] = _dev_loss(unwrapped, dev_feats, pad_id, cfg.eval_batch_size, accelerator.device)
                value = -record["dev_loss"]
            if best is None or value > best[0]:
                state = {k: v.detach().cpu().clone() for k, v in unwrapped.state_dict().items()}
                best = (value, epoch, state)
        eval_seconds += time.perf_counter() - t_eval
        record["seconds"] = time.perf_counter() - t_epoch
        history.append(record)
        if main:
            print(f"[transformer] {json.dumps(record)}", flush=True)
        accelerator.wait_for_everyone()
        if stopped:
            break

    train_seconds = time.perf_counter() - t_start
    if main:
        unwrapped = accelerator.unwrap_model(model)
        selected = best[1] if best is not None else history[-1]["epoch"]
        save_model(unwrapped, tokenizer, out, state_dict=best[2] if best is not None else None)
        log = {
            "selection": {"criterion": criterion, "requested": cfg.select_by, "epoch": selected,
                          "scorer": "available" if score_fn else score_reason},
            "linking": cfg.linking,
            "history": history,
            "features": stats,
            "steps": steps,
            "stopped_early": stopped,
            "seconds": {"total": train_seconds, "train_loop": loop_seconds, "dev_eval": eval_seconds},
            "seconds_per_step": loop_seconds / max(steps, 1),
            "batch_size": cfg.batch_size,
            "num_processes": accelerator.num_processes,
            "device": str(accelerator.device),
        }
        (out / TRAINING_LOG).write_text(json.dumps(log, indent=2) + "\n", encoding="utf-8")
    accelerator.wait_for_everyone()
    return out


def _should_stop(accelerator: Any, cfg: TransformerConfig, steps: int, elapsed: float) -> str | None:
    """``"max_steps"``/``"max_train_seconds"`` when a limit is reached (agreed by all processes), else ``None``."""
    if cfg.max_steps is not None and steps >= cfg.max_steps:
        return "max_steps"
    if cfg.max_train_seconds is None:
        return None
    over = torch.tensor(float(elapsed >= cfg.max_train_seconds), device=accelerator.device)
    if accelerator.num_processes > 1:
        over = accelerator.reduce(over, reduction="max")
    return "max_train_seconds" if float(over) > 0 else None


def with_seed(config: TransformerConfig, seed: int | None) -> TransformerConfig:
    """A copy of ``config`` with ``seed`` replaced (unchanged when ``seed`` is ``None``)."""
    return config if seed is None else replace(config, seed=seed)
