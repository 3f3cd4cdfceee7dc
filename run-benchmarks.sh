#!/usr/bin/env bash
# Builds the modules and runs the benchmarks (not part of the test run); prints the table of BENCHMARKS.md.
# TRACEDFFI_BUILD=<dir> builds into <dir> instead of target, so it can run beside another build.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
build="${TRACEDFFI_BUILD:-target}"
"${MVN[@]}" -q -Dtracedffi.build="$build" -pl benchmarks -am install -DskipTests
"${MVN[@]}" -q -Dtracedffi.build="$build" -pl benchmarks dependency:build-classpath \
  -Dmdep.outputFile="$build/benchmarks-classpath.txt"
exec java -cp "benchmarks/$build/classes:$(cat "benchmarks/$build/benchmarks-classpath.txt")" \
  dev.tracedffi.benchmarks.Benchmarks "$@"
