#!/usr/bin/env bash
# The main job: build the environment, load and validate the corpus, run both baselines
# on the test split, score them, and compare each with its leaderboard row.
# Extra arguments go to both `attribench baseline` calls (e.g. --submit to store the runs).
set -euo pipefail
source "$(dirname "$0")/venv.sh"
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
A="$VENV/bin/attribench"
start=$(date +%s)
"$PY" -c "import benchmark; ds = benchmark.load_dataset(); print(ds)"
"$A" validate
"$A" baseline rules --split test "$@"
"$A" baseline transformer --split test "$@"
"$A" leaderboard --check
echo "main job: $(( $(date +%s) - start )) s"
