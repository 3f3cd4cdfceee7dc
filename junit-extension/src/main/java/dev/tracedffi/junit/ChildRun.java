package dev.tracedffi.junit;

import dev.tracedffi.junit.report.ChildJvm;
import dev.tracedffi.supervisor.ChildExit;

/**
 * How a traced test ended in its child, and which child that was.
 *
 * @param exit  the test's end: its outcome, calls, output, and the child's end if the test ended it
 * @param child the child JVM, or null when the test JVM does not know its pid (launched without prewarming)
 */
record ChildRun(ChildExit exit, ChildJvm child) {
}
