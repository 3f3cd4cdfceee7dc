package dev.tracedffi.junit;

import dev.tracedffi.junit.report.CallReport;
import dev.tracedffi.junit.report.ReportWriter;
import dev.tracedffi.junit.report.TestReport;
import dev.tracedffi.junit.report.TestStatus;
import dev.tracedffi.supervisor.CallRecord;
import dev.tracedffi.supervisor.ChildExit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the JSON and HTML report of every traced test of this JVM into the run's report directory
 * ({@value TracedFfiConfiguration#REPORTS}, {@code target/tracedffi-reports} by default), with one index
 * per directory. Writing a report never fails a test: a problem is printed instead.
 */
final class TracedTestReports {

    /** One writer per directory for the whole JVM: its index lists every test it was given. */
    private static final Map<Path, ReportWriter> WRITERS = new LinkedHashMap<>();

    private TracedTestReports() {
    }

    /** @param failure what the test failed or aborted with, null when it passed */
    static void record(ExtensionContext context, Path directory, ChildExit exit, Throwable failure) {
        List<CallReport> calls = new ArrayList<>();
        for (CallRecord call : exit.calls()) {
            calls.add(new CallReport(call.name(), call.events(), call.info().allocations(), call.warnings(),
                    call.instructions()));
        }
        String failureText = exit.crash().map(c -> c.render()).orElse(failure == null ? null : String.valueOf(failure));
        TestReport report = new TestReport(testClassName(context), context.getDisplayName(),
                context.getUniqueId(), status(exit, failure), failureText, calls);
        try {
            writer(directory).write(report);
        } catch (UncheckedIOException | IllegalStateException e) {
            System.err.println("tracedffi: could not write the report of " + context.getUniqueId() + ": " + e);
        }
    }

    /** A dynamic test's own context has no class: its factory's has. */
    private static String testClassName(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isPresent()) {
                return c.getTestClass().get().getName();
            }
        }
        return "(no class)";
    }

    private static TestStatus status(ChildExit exit, Throwable failure) {
        if (failure == null) {
            return TestStatus.PASSED; // an expected crash or exit passes
        }
        if (exit.crash().isPresent()) {
            return TestStatus.CRASHED;
        }
        if (exit.timedOut()) {
            return TestStatus.TIMED_OUT;
        }
        if (failure instanceof TestAbortedException) {
            return TestStatus.ABORTED;
        }
        return exit.outcome().isEmpty() ? TestStatus.EXITED : TestStatus.FAILED;
    }

    private static synchronized ReportWriter writer(Path directory) {
        return WRITERS.computeIfAbsent(directory.toAbsolutePath().normalize(), ReportWriter::new);
    }

    /** The indexes of this JVM's reports, one per directory a traced test's report went to. */
    static synchronized List<Path> indexFiles() {
        return WRITERS.values().stream().map(writer -> writer.indexFile().toAbsolutePath()).toList();
    }
}
