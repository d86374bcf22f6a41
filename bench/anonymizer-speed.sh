#!/usr/bin/env bash
# The anonymiser before and after issue #31's speed work, in one JVM, rounds alternating: the old
# search (full resolution, plates as one input) against the production one, on a frame and on it
# resized to 1280x720; then where the time goes (AnonymizerProfile). Builds offline, no install.
# Usage: bench/anonymizer-speed.sh [IMAGE=sample-images/caliterra-aerial-nadir-djixmp.jpg] [ROUNDS=3] [OPENCV_THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
nice mvn -o -B -q -pl detector test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
CP="detector/target/test-classes:detector/target/classes:$(cat detector/target/bench-classpath.txt)"
IMAGE=${1:-sample-images/caliterra-aerial-nadir-djixmp.jpg}
nice java -Xmx4g -cp "$CP" org.roadscan.detector.bench.AnonymizerSpeedBench models/privacy \
  "$IMAGE" "${2:-3}" ${3:+"$3"}
nice java -Xmx4g -cp "$CP" org.roadscan.detector.bench.AnonymizerProfile models/privacy \
  "$IMAGE" 1 2 4
