package dev.tracedffi.junit.report;

/**
 * The child JVM a traced test ran in.
 *
 * @param pid    its process id
 * @param test   which of the tests it ran this one was, from 1
 * @param shared whether the tests of a class shared it (per-class mode), false for a child of its own
 */
public record ChildJvm(int pid, int test, boolean shared) {

    public ChildJvm {
        if (test < 1) {
            throw new IllegalArgumentException("tests are counted from 1, not " + test);
        }
    }

    /** A child that ran this test only. */
    public static ChildJvm own(int pid) {
        return new ChildJvm(pid, 1, false);
    }

    /** {@code child 1234 (shared, test 3)} or {@code child 1234 (its own)}. */
    @Override
    public String toString() {
        return "child " + pid + (shared ? " (shared, test " + test + ")" : " (its own)");
    }
}
