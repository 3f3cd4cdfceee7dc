package dev.tracedffi.junit.report;

/**
 * File names for reports. Display names hold anything (brackets, spaces, slashes, quotes); names keep
 * only {@code [A-Za-z0-9._-]}, and a test's name ends with a hash of its unique id, so parameterized
 * invocations and tests with the same display name never share a file.
 */
final class ReportPaths {

    private static final int MAX_NAME = 80;

    private ReportPaths() {
    }

    /** The directory of a test class's reports: {@code com.example.ZlibTest}, {@code Outer_Inner} for {@code Outer$Inner}. */
    static String classDirectory(String className) {
        return sanitize(className, "class");
    }

    /** A test's file name without extension: {@code 2_a_b-1f3a9c0e} for display name {@code [2] a, b}. */
    static String testFileStem(String displayName, String uniqueId) {
        return sanitize(displayName, "test") + "-" + String.format("%08x", uniqueId.hashCode());
    }

    /** Runs of other characters become one {@code _}; no leading dot, dash or underscore; at most {@value #MAX_NAME} chars. */
    static String sanitize(String name, String fallback) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._-]+|_+$", "");
        if (safe.length() > MAX_NAME) {
            safe = safe.substring(0, MAX_NAME);
        }
        return safe.isEmpty() ? fallback : safe;
    }
}
