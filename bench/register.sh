#!/usr/bin/env bash
# The register at city scale: 1,000,000 synthetic damages in a fresh embedded PostgreSQL, then
# repair-list / OGC / Open311 latencies through the real HTTP server and merge throughput.
# Usage: bench/register.sh [DAMAGES=1000000] [RUNS=200] [OBSERVATIONS=6000] [CONCURRENCY=4]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -pl api test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
java -Xmx2g ${JAVA_OPTS:-} \
  -cp "api/target/test-classes:api/target/classes:$(cat api/target/bench-classpath.txt)" \
  org.roadscan.api.bench.RegisterBench "$@"
