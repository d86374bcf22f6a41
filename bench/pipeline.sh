#!/usr/bin/env bash
# Pipeline throughput (upload -> register) beside the bare model forward, same run, same workers.
# Usage: bench/pipeline.sh [ROUNDS] [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath api)
java -Xmx4g -Dai.djl.offline=true \
  -cp "$CP" \
  org.roadscan.api.bench.PipelineBench sample-images "${1:-8}" "${2:-$(nproc)}" models/roadscan-damage
