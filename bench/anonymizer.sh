#!/usr/bin/env bash
# The anonymiser's time on one frame (issue #31): faces, plates, whole anonymize.
# Usage: bench/anonymizer.sh [IMAGE=sample-images/caliterra-aerial-nadir-djixmp.jpg] [ROUNDS=5] [OPENCV_THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
CP=$(bench_classpath detector)
java -Xmx4g -cp "$CP" org.roadscan.detector.bench.AnonymizerBench models/privacy \
  "${1:-sample-images/caliterra-aerial-nadir-djixmp.jpg}" "${2:-5}" ${3:+"$3"}
