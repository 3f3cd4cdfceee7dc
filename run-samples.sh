#!/usr/bin/env bash
# The main job: builds tracedffi, runs the samples against real libraries, prints where the report is.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
"${MVN[@]}" install -DskipTests -q
"${MVN[@]}" verify -pl samples "$@"
report="$PWD/samples/target/tracedffi-reports/index.html"
if [ -f "$report" ]; then
  echo "tracedffi report: $report"
else
  echo "no report was written (expected at $report)"
fi
# the second surefire execution ran the samples again with the tests of each class sharing one child JVM
shared="$PWD/samples/target/tracedffi-reports-per-class/index.html"
if [ -f "$shared" ]; then
  echo "the same samples, one child JVM per class (tracedffi.child=per-class): $shared"
fi
