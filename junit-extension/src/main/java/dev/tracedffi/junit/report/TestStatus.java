package dev.tracedffi.junit.report;

import java.util.Locale;

/** How a traced test ended, as the reports show it. */
public enum TestStatus {
    PASSED("passed"),
    FAILED("failed"),
    ABORTED("aborted"),
    /** The child died of a signal raised by native code. */
    CRASHED("crashed"),
    /** The child was killed after the test's timeout. */
    TIMED_OUT("timed out"),
    /** Native code called {@code exit()} with a code the test did not expect. */
    EXITED("exit");

    private final String label;

    TestStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A name usable as a CSS class: {@code timed-out}. */
    String cssName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
