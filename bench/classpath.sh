# Sourced by the bench scripts. bench_classpath MODULE builds the project (tests skipped) and
# prints MODULE's test classpath: its test classes, classes and test-scope dependencies.
bench_classpath() {
  local module=$1
  mvn -B -q -DskipTests install >&2
  mvn -B -q -pl "$module" test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
  echo "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")"
}
