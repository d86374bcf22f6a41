#!/usr/bin/env bash
# Where one photo's time goes, stage by stage, one thread (metadata, decode, letterbox, forward, NMS).
# Usage: bench/stages.sh [ROUNDS] [MODEL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -pl detector test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
java -Xmx2g -Dai.djl.offline=true \
  -cp "detector/target/test-classes:detector/target/classes:$(cat detector/target/bench-classpath.txt)" \
  org.roadscan.detector.bench.StageBench "${2:-models/roadscan-damage}" sample-images "${1:-40}"
