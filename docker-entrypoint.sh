#!/bin/sh
# Starts RoadScan in its container (see Dockerfile): `docker-entrypoint.sh` starts the service,
# `docker-entrypoint.sh token list` (or any other sub-command of Main) runs that command.
#
# The JVM sizes its heap from the container's memory limit (cgroups): JAVA_MAX_RAM_PERCENTAGE of
# it (default 50; PyTorch tensors and OpenCV images live outside the heap, so the rest is theirs).
# JAVA_OPTS adds JVM options. Nothing is downloaded at run time: DJL runs offline and finds
# PyTorch's natives unpacked in the image (ENGINE_CACHE_DIR).
#
# For tests and for checking a deployment's settings without starting anything:
# ROADSCAN_DRY_RUN=1 prints the java command line instead of running it. JAVA and
# ROADSCAN_CLASSPATH replace the java binary and the jar (tests run the classes they built).
set -eu

java_bin="${JAVA:-java}"
classpath="${ROADSCAN_CLASSPATH:-/opt/roadscan/roadscan.jar}"
ram_percentage="${JAVA_MAX_RAM_PERCENTAGE:-50}"

case "$ram_percentage" in
  '' | *[!0-9.]* | *.*.*)
    echo "roadscan: configuration error: JAVA_MAX_RAM_PERCENTAGE must be a number of percent" \
      "(1-95), was '$ram_percentage'" >&2
    exit 2
    ;;
esac
whole="${ram_percentage%%.*}"
if [ -z "$whole" ] || [ "$whole" -lt 1 ] || [ "$whole" -gt 95 ]; then
  echo "roadscan: configuration error: JAVA_MAX_RAM_PERCENTAGE must be 1-95, was" \
    "'$ram_percentage'" >&2
  exit 2
fi

# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
set -- "$java_bin" \
  "-XX:MaxRAMPercentage=$ram_percentage" \
  -XX:+ExitOnOutOfMemoryError \
  -Dai.djl.offline=true \
  ${JAVA_OPTS:-} \
  -cp "$classpath" org.roadscan.api.Main "$@"

if [ "${ROADSCAN_DRY_RUN:-}" = "1" ]; then
  echo "$*"
  exit 0
fi
# libtorch prints "Could not initialize NNPACK! Reason: Unsupported hardware." for every forward
# pass on CPUs (and VMs) NNPACK does not support, and nothing inside the JVM turns it off (issue
# #32, measured). So standard error passes through a filter that drops that one line and nothing
# else; ROADSCAN_STDERR_FILTER=off passes everything. The filter reads a FIFO (removed once open)
# and ends when java closes its standard error.
if [ "${ROADSCAN_STDERR_FILTER:-on}" != "off" ] && command -v mkfifo >/dev/null 2>&1; then
  fifo_dir="$(mktemp -d "${TMPDIR:-/tmp}/roadscan-stderr.XXXXXX")"
  mkfifo "$fifo_dir/stderr"
  (exec < "$fifo_dir/stderr"; rm -rf "$fifo_dir"
    exec grep -v --line-buffered 'Could not initialize NNPACK') >&2 &
  # exec: java becomes the process that receives SIGTERM, so its shutdown hook stops the service
  exec "$@" 2> "$fifo_dir/stderr"
fi
exec "$@"
