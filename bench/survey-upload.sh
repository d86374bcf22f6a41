#!/usr/bin/env bash
# Issue #27: a survey video part streams to disk. Uploads one generated video part of MB megabytes
# (default 300) to an accept-only service with a 256 MB heap and reports the used heap before,
# after and at its peak. Usage: bench/survey-upload.sh [MB=300]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath api)
java -Xmx256m ${JAVA_OPTS:-} \
  -cp "$CP" \
  org.roadscan.api.bench.SurveyUploadBench "$@"
