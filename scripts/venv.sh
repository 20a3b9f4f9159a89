#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment and install everything into it.
# torch 2.13.0 goes first: a bare torch requirement would otherwise pull a multi-GB CUDA build.
# Usage: source scripts/venv.sh   (sets $VENV and $PY)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
pipq() {  # pip install, quiet; keeps pip's exit status, hides this machine's index-location warnings
  "$VENV/bin/python" -m pip install -q "$@" 2> >(grep -v "^WARNING: Location" >&2)
}
pipq --upgrade pip
pipq torch==2.13.0
pipq -e ".[baselines,evaluate,dev]"
PY="$VENV/bin/python"
export VENV PY
