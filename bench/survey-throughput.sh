#!/usr/bin/env bash
# Issue #27: survey images/s with 1 process x 1 worker (also with OMP_WAIT_POLICY=PASSIVE),
# 1 process x 2 workers and 2 processes x 1 worker on one PostgreSQL, in one run
# (SurveyThroughputBench).
# Usage: [PAUSE_PIDS="pid ..."] bench/survey-throughput.sh [IMAGES=70] [ROUNDS=2]
# Builds offline without installing; PAUSE_PIDS are paused (SIGSTOP) while it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/build-classpath.sh
CP=$(bench_offline_classpath)
bench_pause_others
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  org.roadscan.api.bench.SurveyThroughputBench "${1:-70}" "${2:-2}" models/roadscan-damage
