#!/usr/bin/env bash
# The test command: build the environment, then lint and run the whole test suite.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
"$VENV/bin/ruff" check benchmark baselines scripts tests
"$VENV/bin/mypy" benchmark baselines
"$PY" -m pytest tests "$@"
