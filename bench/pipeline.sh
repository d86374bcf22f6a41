#!/usr/bin/env bash
# Pipeline throughput (upload -> register) beside the bare model forward, same run, same workers.
# Usage: bench/pipeline.sh [ROUNDS] [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -pl api test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
java -Xmx4g -Dai.djl.offline=true \
  -cp "api/target/test-classes:api/target/classes:$(cat api/target/bench-classpath.txt)" \
  org.roadscan.api.bench.PipelineBench sample-images "${1:-8}" "${2:-$(nproc)}" models/roadscan-damage
