#!/usr/bin/env bash
# Issue #27: survey images/s with 1 process x 1 worker, 1 process x 2 workers and 2 processes x
# 1 worker on one PostgreSQL, in one run (SurveyThroughputBench).
# Usage: [PAUSE_PIDS="pid ..."] bench/survey-throughput.sh [IMAGES=210] [ROUNDS=3]
# Builds offline without installing; PAUSE_PIDS are paused (SIGSTOP) while it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/build-classpath.sh
CP=$(bench_offline_classpath)
bench_pause_others
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  org.roadscan.api.bench.SurveyThroughputBench "${1:-210}" "${2:-3}" models/roadscan-damage
