#!/usr/bin/env bash
# Bare forward per 320 px input, and a 20 MP frame (5472x3648) decoded + tiled, medians.
# Usage: bench/detector.sh [IMAGE] [ROUNDS]   (the image is resized to 20 MP first)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -pl detector test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
java -Xmx6g -Dai.djl.offline=true \
  -cp "detector/target/test-classes:detector/target/classes:$(cat detector/target/bench-classpath.txt)" \
  org.roadscan.detector.bench.DetectorBench models/roadscan-damage "${1:-sample-images/caliterra-aerial-nadir-djixmp.jpg}" "${2:-5}"
