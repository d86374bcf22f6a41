#!/usr/bin/env bash
# Hostile input under load (issue #30): 50 concurrent uploaders on loopback against an accept-only
# service with the production upload check; statuses, p50/p95/p99, peak heap and RSS, 429s with
# Retry-After, no 5xx. Usage: bench/upload-load.sh [SECONDS] [UPLOADERS]
set -euo pipefail
cd "$(dirname "$0")/.."
# PAUSE_PIDS="pid ..." stops e.g. a training run for the timed part (resumed on exit).
source bench/build-classpath.sh
CP=$(bench_offline_classpath)
bench_pause_others
# -Xmx1g: the heap an upload front door is given in production-like runs; the figures show
# whether it stays far below that
java -Xmx1g -Dai.djl.offline=true \
  -cp "$CP" \
  org.roadscan.api.bench.UploadLoadBench "${1:-150}" "${2:-50}"
