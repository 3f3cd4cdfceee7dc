package dev.tracedffi.junit.report;

/** One line of the index: a traced test and where its report is, relative to the index. */
record IndexEntry(String className, String displayName, String uniqueId, TestStatus status, int calls,
                  long violations, String html, String json) {
}
