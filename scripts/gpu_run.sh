#!/usr/bin/env bash
# The one prepared GPU run (device tool): PolNeAR training and test, the cross-corpus pair,
# and extra seeds of the default config. Needs, carried: runs/gpu-carry/minilm (fp16 copy
# of all-MiniLM-L6-v2) + runs/gpu-carry/fp32.py, and .gpu/polnear.tgz (a local PolNeAR
# conversion; never committed). Writes $OUT/results.tgz and $OUT/log.txt.
set -u
export PYTHONPATH=$PWD HF_HUB_OFFLINE=1 HF_HOME=/tmp/hf PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
R=/tmp/res; mkdir -p $R /tmp/polnear
log() { echo "[$(date +%T)] $*" | tee -a $R/log.txt; }
nvidia-smi --query-gpu=name --format=csv,noheader | tee $R/gpu.txt
python3 runs/gpu-carry/fp32.py && tar xzf .gpu/polnear.tgz -C /tmp/polnear || exit 1
cfg() {  # cfg SRC NAME: a GPU copy of a config with the carried weights and no progress bars
  python3 -c "import json,sys; c=json.load(open(sys.argv[1])); c.update(name=sys.argv[2], model_name_or_path='/tmp/minilm', progress=False); json.dump(c, open('/tmp/'+sys.argv[2]+'.json','w'))" "$1" "$2"
}
cfg baselines/configs/transformer-polnear.json polnear-gpu
cfg baselines/configs/transformer-default.json default-gpu
T=$(date +%s)
log "polnear train"; timeout 300 python3 -m baselines.transformer --config /tmp/polnear-gpu.json --data-dir /tmp/polnear --out $R/polnear > $R/polnear.log 2>&1; log "rc=$? $(( $(date +%s)-T ))s"
python3 scripts/predict_with.py $R/polnear/model data test $R/polnear-on-attribench.jsonl 2>&1 | tail -1 | tee -a $R/log.txt
for seed in 13 1 2; do
  log "attribench seed $seed"; timeout 240 python3 -m baselines.transformer --config /tmp/default-gpu.json --seed $seed --out $R/attribench-s$seed > $R/attribench-s$seed.log 2>&1; log "rc=$? $(( $(date +%s)-T ))s"
  [ $seed = 13 ] && python3 scripts/predict_with.py $R/attribench-s13/model /tmp/polnear test $R/attribench-on-polnear.jsonl 2>&1 | tail -1 | tee -a $R/log.txt
  rm -rf $R/*/model/*.safetensors $R/*/model/*.bin
done
tar czf $OUT/results.tgz -C /tmp res; cp $R/log.txt $OUT/
