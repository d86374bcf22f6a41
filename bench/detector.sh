#!/usr/bin/env bash
# Bare forward per 320 px input, and a 20 MP frame (5472x3648) decoded + tiled, medians.
# Usage: [MODEL_DIR=DIR] [BENCH_JAVA_OPTS=-Dbench.scaleAwareOnly=true] bench/detector.sh [IMAGE] [ROUNDS]
# (the image is resized to 20 MP first; MODEL_DIR defaults to models/roadscan-damage)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath detector)
java -Xmx6g -Dai.djl.offline=true ${BENCH_JAVA_OPTS:-} \
  -cp "$CP" \
  org.roadscan.detector.bench.DetectorBench "${MODEL_DIR:-models/roadscan-damage}" "${1:-sample-images/caliterra-aerial-nadir-djixmp.jpg}" "${2:-5}"
