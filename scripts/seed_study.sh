#!/usr/bin/env bash
# Run-to-run noise of the transformer baseline: train the default config with several
# seeds on this machine and print the mean and spread of the test scores.
# Usage: bash scripts/seed_study.sh [SEED ...]   (default seeds: 13 1 2; runs go to runs/seed-study/)
set -euo pipefail
source "$(dirname "$0")/venv.sh"
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
seeds=("$@"); [ $# -eq 0 ] && seeds=(13 1 2)
for s in "${seeds[@]}"; do
  out="runs/seed-study/seed$s"
  [ -f "$out/scores-test.json" ] || "$PY" -m baselines.transformer --config baselines/configs/transformer-default.json \
      --split test --seed "$s" --out "$out"
done
"$PY" - "${seeds[@]}" <<'PY'
import json, statistics, sys
keys = ["main_score", "content_lenient_f", "speaker_entity_acc", "content_exact_f", "target_entity_f"]
rows = {s: json.load(open(f"runs/seed-study/seed{s}/scores-test.json")) for s in sys.argv[1:]}
print("seed  " + "  ".join(f"{k:>18}" for k in keys))
for s, r in rows.items():
    print(f"{s:>4}  " + "  ".join(f"{100 * r[k]:18.1f}" for k in keys))
for name, f in (("mean", statistics.mean), ("stdev", statistics.stdev)):
    print(f"{name:>5} " + "  ".join(f"{100 * f([r[k] for r in rows.values()]):18.1f}" for k in keys))
PY
