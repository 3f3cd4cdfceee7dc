package dev.tracedffi.junit.report;

/**
 * One line of the index: a traced test and where its report is, relative to the index.
 *
 * @param run   the build that wrote it ({@link ReportWriter#run()}), empty when not named
 * @param ranBy the test that ran it as a fixture, or null
 * @param child the child JVM it ran in, or null when not known
 */
record IndexEntry(String className, String displayName, String uniqueId, TestStatus status, int calls,
                  long violations, String html, String json, String run, RanBy ranBy, ChildJvm child) {
}
