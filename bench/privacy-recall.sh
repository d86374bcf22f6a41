#!/usr/bin/env bash
# Face and plate recall of the anonymiser on the hand-labelled set (issue #31), time per image,
# and the false-blur rate on nadir drone frames without people.
# Usage: bench/privacy-recall.sh [LABELS=detector/src/test/resources/privacy/recall/labels.json]
#   [IMAGE_DIR...] [--reduction R] [--enlarge-to-floor] [--no-bright-plates] [--bright-plates-only]
#   [--negatives DRONE_IMAGE_DIR MAX]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath detector)
LABELS=${1:-detector/src/test/resources/privacy/recall/labels.json}
shift || true
java -Xmx3g -cp "$CP" org.roadscan.detector.bench.PrivacyRecallBench models/privacy "$LABELS" \
  "$(dirname "$LABELS")" "$@"
