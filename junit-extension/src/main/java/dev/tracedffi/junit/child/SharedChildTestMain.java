package dev.tracedffi.junit.child;

/**
 * The main of one test in a child JVM that the tests of a class share:
 * {@code SharedChildTestMain <unique id> [key=value configuration parameters...]}. Runs the test and
 * reports its outcome as {@link TracedTestMain} does, then returns: the child waits for the class's next
 * test instead of exiting.
 */
public final class SharedChildTestMain {

    private SharedChildTestMain() {
    }

    public static void main(String[] args) {
        TracedTestMain.runAndReport(args);
    }
}
