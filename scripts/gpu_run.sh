#!/usr/bin/env bash
# The one prepared GPU run (device tool): PolNeAR training and test, the cross-corpus pair,
# and extra seeds of the default config, each under a training-time cap so the whole run
# fits the lease. Needs, carried: runs/gpu-carry/minilm (fp16 copy of all-MiniLM-L6-v2) and
# runs/gpu-carry/fp32.py, and .gpu/polnear.tgz (a local PolNeAR conversion; never committed),
# all written by `python scripts/prepare_gpu_carry.py PATH/TO/PolNeAR`.
# Writes $OUT/results.tgz (run folders without weights) and $OUT/log.txt.
set -u
export PYTHONPATH=$PWD HF_HUB_OFFLINE=1 HF_HOME=/tmp/hf PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
R=/tmp/res; mkdir -p $R /tmp/polnear; T=$(date +%s)
log() { echo "[$(( $(date +%s)-T ))s] $*" | tee -a $R/log.txt; }
finish() { rm -rf $R/*/model/*.safetensors $R/*/model/*.bin; tar czf $OUT/results.tgz -C /tmp res; cp $R/log.txt $OUT/; }
trap finish EXIT
nvidia-smi --query-gpu=name --format=csv,noheader | tee $R/gpu.txt
python3 runs/gpu-carry/fp32.py && tar xzf .gpu/polnear.tgz -C /tmp/polnear || exit 1
cfg() {  # cfg SRC NAME SECONDS: a GPU copy of a config with the carried weights and a training-time cap
  python3 -c "import json,sys; c=json.load(open(sys.argv[1])); c.update(name=sys.argv[2], model_name_or_path='/tmp/minilm', progress=False, max_train_seconds=float(sys.argv[3])); json.dump(c, open('/tmp/'+sys.argv[2]+'.json','w'))" "$1" "$2" "$3"
}
cfg baselines/configs/transformer-polnear.json polnear-gpu 60
cfg baselines/configs/transformer-default.json default-gpu 20
log "polnear"; timeout 110 python3 -m baselines.transformer --config /tmp/polnear-gpu.json --data-dir /tmp/polnear --out $R/polnear > $R/polnear.log 2>&1; log "rc=$?"
timeout 20 python3 scripts/predict_with.py $R/polnear/model data test $R/polnear-on-attribench.jsonl 2>&1 | tail -1 | tee -a $R/log.txt
for seed in 13 1 2; do
  [ $(( $(date +%s)-T )) -gt 175 ] && { log "deadline: seed $seed skipped"; continue; }
  log "attribench seed $seed"; timeout 45 python3 -m baselines.transformer --config /tmp/default-gpu.json --seed $seed --out $R/attribench-s$seed > $R/attribench-s$seed.log 2>&1; log "rc=$?"
  if [ $seed = 13 ]; then timeout 20 python3 scripts/predict_with.py $R/attribench-s13/model /tmp/polnear test $R/attribench-on-polnear.jsonl 2>&1 | tail -1 | tee -a $R/log.txt; fi
done
