package dev.tracedffi.junit;

/** A traced test's child JVM ended in a way that fails the test: crash, unexpected exit, timeout. */
public class TracedChildError extends AssertionError {
    public TracedChildError(String message) {
        super(message);
    }
}
