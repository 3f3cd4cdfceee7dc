#!/usr/bin/env bash
# Builds the modules and runs the benchmarks (not part of the test run); prints the tables of BENCHMARKS.md.
# ./run-benchmarks.sh suite: the suite table only (plain JUnit, shared child, prewarmed and cold children).
# TRACEDFFI_BUILD=<dir> builds into <dir> instead of target, so it can run beside another build.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
build="${TRACEDFFI_BUILD:-target}"
# package, not install: the modules' jars come from this reactor, the shared local repository is left alone
"${MVN[@]}" -q -Dtracedffi.build="$build" -pl benchmarks -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath -DskipTests \
  -Dmdep.outputFile="$build/benchmarks-classpath.txt"
exec java -cp "benchmarks/$build/classes:$(cat "benchmarks/$build/benchmarks-classpath.txt")" \
  dev.tracedffi.benchmarks.Benchmarks "$@"
