# Sourced by bench scripts that must not install (other worktrees share ~/.m2): builds the api
# module and what it needs offline (test-compile, reactor classes) and prints the api's test
# classpath. Not bench/classpath.sh, which runs `mvn install`.
bench_offline_classpath() {
  mvn -o -B -q -pl api -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
  echo "api/target/test-classes:api/target/classes:$(cat api/target/bench-classpath.txt)"
}

# PAUSE_PIDS="pid ..." (e.g. a model training run): stopped with SIGSTOP for the timed part and
# resumed with SIGCONT on exit, whatever the exit.
bench_pause_others() {
  if [ -n "${PAUSE_PIDS:-}" ]; then
    trap 'kill -CONT $PAUSE_PIDS 2>/dev/null || true; echo "resumed $PAUSE_PIDS" >&2' EXIT
    trap 'exit 130' INT TERM
    kill -STOP $PAUSE_PIDS
    echo "paused $PAUSE_PIDS" >&2
  fi
}
