#!/usr/bin/env bash
# Where one photo's time goes, stage by stage, one thread (metadata, decode, letterbox, forward, NMS).
# Usage: bench/stages.sh [ROUNDS] [MODEL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath detector)
java -Xmx2g -Dai.djl.offline=true \
  -cp "$CP" \
  org.roadscan.detector.bench.StageBench "${2:-models/roadscan-damage}" sample-images "${1:-40}"
