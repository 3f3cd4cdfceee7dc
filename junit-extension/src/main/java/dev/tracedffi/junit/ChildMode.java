package dev.tracedffi.junit;

/**
 * Which child JVM runs a traced test ({@link TracedFfi#child()}).
 */
public enum ChildMode {

    /** The configuration parameter {@value TracedFfiConfiguration#CHILD} decides: {@code per-test} by default. */
    CONFIGURED,

    /** A fresh child JVM for each test: nothing a test did can reach another. */
    PER_TEST,

    /**
     * The tests of one class (with the same JVM options) share one child JVM and run one after another in
     * it, each with a fresh arena and its own events, output, timeout, report and verdict. A crash, an
     * {@code exit()}, a fatal signal or a timeout ends that child; the class's next test runs in a fresh one.
     * Tests annotated {@link ExpectExit} or {@link ExpectSignal} get a child of their own. What one test
     * leaves in the JVM (static fields, loaded libraries, threads, native memory) is there for the next.
     */
    PER_CLASS
}
