#!/usr/bin/env bash
# The fire brigade lane under a survey (issue #28): 1080p frames at 2/s, alone, while a crew
# uploads photos (two requests in flight, each blurred, stored and analysed), then the survey
# alone; feed p50/p95/p99 and the survey's images/s in one run.
# Usage: bench/feed.sh [SECONDS_PER_PHASE] [WORKERS] [FEED_WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
# PAUSE_PIDS="pid ..." stops e.g. a training run for the timed part (resumed on exit).
source bench/build-classpath.sh
CP=$(bench_offline_classpath)
bench_pause_others
java -Xmx4g -Dai.djl.offline=true \
  -cp "$CP" \
  org.roadscan.api.bench.FeedBench sample-images "${1:-60}" "${2:-$(nproc)}" "${3:-1}" models/roadscan-damage
