#!/usr/bin/env bash
# Issue #27: a survey video part streams to disk. Uploads one generated video part of MB megabytes
# (default 2048) to an accept-only service with a 256 MB heap and reports the used heap before,
# after and at its peak, MB/s, the SHA-256 check and the upload directory afterwards.
# Usage: [PAUSE_PIDS="pid ..."] bench/survey-upload.sh [MB=2048]
# Builds offline without installing; PAUSE_PIDS are paused (SIGSTOP) while it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/build-classpath.sh
CP=$(bench_offline_classpath)
bench_pause_others
java -Xmx256m ${JAVA_OPTS:-} \
  -cp "$CP" \
  org.roadscan.api.bench.SurveyUploadBench "$@"
