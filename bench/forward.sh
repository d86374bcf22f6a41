#!/usr/bin/env bash
# Bare forward of several exported models, alternating in one run, one thread (a width sweep).
# Usage: bench/forward.sh ROUNDS MODEL_DIR [MODEL_DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -pl detector test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
java -Xmx2g -Dai.djl.offline=true \
  -cp "detector/target/test-classes:detector/target/classes:$(cat detector/target/bench-classpath.txt)" \
  org.roadscan.detector.bench.ForwardBench "$@"
