#!/usr/bin/env bash
# Regenerates the synthetic survey samples in this folder (see README.md here).
# Usage: sample-images/video/generate.sh [--frames]   (--frames also writes every 25th frame as PNG
# under sample-images/video/frames/, which is not committed)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -B -q -pl detector test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/survey-classpath.txt -Dmdep.includeScope=test
java -Xmx3g -cp "detector/target/test-classes:detector/target/classes:$(cat detector/target/survey-classpath.txt)" \
  org.roadscan.detector.samples.SyntheticSurvey sample-images/video "$@"
