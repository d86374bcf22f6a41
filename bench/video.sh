#!/usr/bin/env bash
# Video decode + sampling frames/s beside bare decode, on a generated 1920x1080 clip, medians;
# then one 1080p frame's JPEG encoding, OpenCV vs ImageIO.
# Usage: bench/video.sh [ROUNDS=5] [FRAMES=150] [ENCODER=libopenh264]
# Builds only the detector (offline, no install: other worktrees share ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -B -q -pl detector test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
CP="detector/target/test-classes:detector/target/classes:$(cat detector/target/bench-classpath.txt)"
java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  org.roadscan.detector.bench.VideoBench "${1:-5}" "${2:-150}" "${3:-libopenh264}"
