package dev.tracedffi.junit.report;

import java.util.List;
import java.util.Objects;

/**
 * What the reports show of one traced test.
 *
 * @param className   the test class's binary name
 * @param displayName the test's display name ({@code [2] "a b", 3} for a parameterized invocation)
 * @param uniqueId    its JUnit unique id
 * @param status      how it ended
 * @param failure     why it did not pass, as plain text (assertion message, crash report, exit code and
 *                    stderr tail, where it hung), or null
 * @param calls       its traced calls, in order
 * @param ranBy       the test that ran it as a fixture, or null for one of the build's own tests
 * @param child       the child JVM it ran in, or null when not known (the child was not launched, or
 *                    launched without a pid known to the test JVM)
 */
public record TestReport(String className, String displayName, String uniqueId, TestStatus status, String failure,
                         List<CallReport> calls, RanBy ranBy, ChildJvm child) {

    public TestReport {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(status, "status");
        calls = List.copyOf(calls);
    }

    /** A test whose child JVM is not known. */
    public TestReport(String className, String displayName, String uniqueId, TestStatus status, String failure,
                      List<CallReport> calls, RanBy ranBy) {
        this(className, displayName, uniqueId, status, failure, calls, ranBy, null);
    }

    /** One of the build's own tests, its child JVM not known. */
    public TestReport(String className, String displayName, String uniqueId, TestStatus status, String failure,
                      List<CallReport> calls) {
        this(className, displayName, uniqueId, status, failure, calls, null, null);
    }
}
