#!/usr/bin/env bash
# The register at city scale: 1,000,000 synthetic damages in a fresh embedded PostgreSQL, then
# repair-list / OGC / Open311 latencies through the real HTTP server and merge throughput.
# Usage: bench/register.sh [DAMAGES=1000000] [RUNS=200] [OBSERVATIONS=6000] [CONCURRENCY=4]
#        bench/register.sh durability [OBSERVATIONS=6000] [CONCURRENCY=4]   (durable vs not, issue #26)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath api)
java -Xmx2g ${JAVA_OPTS:-} \
  -cp "$CP" \
  org.roadscan.api.bench.RegisterBench "$@"
