package dev.tracedffi.junit.report;

import java.util.Objects;

/**
 * The test that ran a traced test on purpose, through the JUnit Platform inside its own run (EngineTestKit,
 * a Launcher): the traced test is a fixture whose outcome that test checks, not one of the build's own.
 *
 * @param uniqueId    the outer test's unique id (or the name the configuration parameter gave)
 * @param className   its class, empty when not known
 * @param displayName its display name
 */
public record RanBy(String uniqueId, String className, String displayName) {

    /**
     * A configuration parameter a test may give the run it launches (the value names that test, ideally by
     * unique id), for runs the automatic detection ({@link RunningTests}) cannot attribute.
     */
    public static final String PARAMETER = "tracedffi.reports.ranBy";

    public RanBy {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(displayName, "displayName");
    }

    /** {@code com.example.FooTest › crashes()}, or the display name alone. */
    @Override
    public String toString() {
        return className.isEmpty() ? displayName : className + " › " + displayName;
    }
}
