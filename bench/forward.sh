#!/usr/bin/env bash
# Bare forward of several exported models, alternating in one run, one thread (a width sweep).
# Usage: bench/forward.sh ROUNDS MODEL_DIR [MODEL_DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath detector)
java -Xmx2g -Dai.djl.offline=true \
  -cp "$CP" \
  org.roadscan.detector.bench.ForwardBench "$@"
