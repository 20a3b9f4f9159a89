"""The local Hugging Face ``evaluate`` module loads offline and gives the same numbers as ``score()``.

``evaluate`` runs in a subprocess with every Hugging Face cache in a tmp folder and the Hub
offline, so nothing touches the user's cache or the network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scorer_fixtures import NO_MENTION, SIMPLE, SPLIT, UNATTRIBUTED, line, perfect, pred_quote

from benchmark.scorer import score

REPO = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
import evaluate
inputs = json.load(sys.stdin)
out = {}
for path in ("benchmark/evaluate_module", "benchmark/evaluate_module/attribench.py"):
    metric = evaluate.load(path)
    out[path] = metric.compute(predictions=inputs["predictions"], references=inputs["references"],
                               bootstrap=20, seed=1)
json.dump(out, sys.stdout)
"""


def test_evaluate_module_offline_matches_score(tmp_path: Path) -> None:
    refs = [SIMPLE, SPLIT, UNATTRIBUTED, NO_MENTION]
    preds = {SIMPLE["id"]: line(SIMPLE, pred_quote(SIMPLE, "is finally open", "She", "said")),
             SPLIT["id"]: perfect(SPLIT), NO_MENTION["id"]: line(NO_MENTION)}
    inputs = {  # one pair per article; "" for the article without a prediction
        "references": [json.dumps(a) for a in refs],
        "predictions": [json.dumps(preds[a["id"]]) if a["id"] in preds else "" for a in refs],
    }
    home = tmp_path / "hf"
    env = {**os.environ, "HF_HOME": str(home), "HF_DATASETS_CACHE": str(home / "datasets"),
           "HF_MODULES_CACHE": str(home / "modules"), "HF_EVALUATE_CACHE": str(home / "evaluate"),
           "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(inputs), capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout)
    expected = json.loads(json.dumps(score(refs, preds, bootstrap=20, seed=1).flat()))
    assert got["benchmark/evaluate_module"] == expected
    assert got["benchmark/evaluate_module/attribench.py"] == expected
    assert expected["missing_ids"] == ["ab-0003"] and 0 < expected["main_score"] < 1
    assert (home / "modules").is_dir()  # the module cache went to the tmp folder
