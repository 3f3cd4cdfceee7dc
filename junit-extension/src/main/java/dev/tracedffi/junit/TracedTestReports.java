package dev.tracedffi.junit;

import dev.tracedffi.junit.report.CallReport;
import dev.tracedffi.junit.report.RanBy;
import dev.tracedffi.junit.report.ReportWriter;
import dev.tracedffi.junit.report.RunningTests;
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
 * per directory shared by every JVM writing there. Writing a report never fails a test: a problem is
 * printed instead.
 */
final class TracedTestReports {

    /** One writer per directory for the whole JVM, for the run that wrote there last. */
    private static final Map<Path, ReportWriter> WRITERS = new LinkedHashMap<>();

    private TracedTestReports() {
    }

    /** @param failure what the test failed or aborted with, null when it passed */
    static void record(ExtensionContext context, TracedFfiConfiguration run, ChildRun ran, Throwable failure) {
        ChildExit exit = ran.exit();
        List<CallReport> calls = new ArrayList<>();
        for (CallRecord call : exit.calls()) {
            calls.add(new CallReport(call.name(), call.events(), call.info().allocations(), call.warnings(),
                    call.instructions(), call.contentsAfter(), call.info().javaFrames()));
        }
        String failureText = exit.crash().map(c -> c.render()).orElse(failure == null ? null : String.valueOf(failure));
        TestReport report = new TestReport(testClassName(context), context.getDisplayName(),
                context.getUniqueId(), status(exit, failure), failureText, calls, ranBy(context, run), ran.child());
        try {
            writer(run.reports(), run.reportsRun()).write(report);
        } catch (UncheckedIOException | IllegalStateException e) {
            System.err.println("tracedffi: could not write the report of " + context.getUniqueId() + ": " + e);
        }
    }

    /**
     * The test that runs this one as a fixture: named by the run's {@value TracedFfiConfiguration#REPORTS_RAN_BY},
     * else seen by {@link RunningTests}; null for one of the build's own tests.
     */
    private static RanBy ranBy(ExtensionContext context, TracedFfiConfiguration run) {
        return run.reportsRanBy().map(RunningTests::named)
                .or(() -> RunningTests.ranBy(context.getUniqueId())).orElse(null);
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

    /** A run named differently takes the directory over, as a later build does. */
    private static synchronized ReportWriter writer(Path directory, String run) {
        Path key = directory.toAbsolutePath().normalize();
        ReportWriter writer = WRITERS.get(key);
        if (writer == null || !writer.run().equals(run)) {
            if (writer != null) {
                flush(writer);
            }
            writer = new ReportWriter(key, run);
            WRITERS.put(key, writer);
        }
        return writer;
    }

    /** Brings every index up to date with the reports written (a writer rewrites it at most once a second). */
    static synchronized void flush() {
        WRITERS.values().forEach(TracedTestReports::flush);
    }

    private static void flush(ReportWriter writer) {
        try {
            writer.flush();
        } catch (UncheckedIOException e) {
            System.err.println("tracedffi: could not write the report index: " + e);
        }
    }

    /** The indexes of this JVM's reports, one per directory a traced test's report went to. */
    static synchronized List<Path> indexFiles() {
        return WRITERS.values().stream().map(writer -> writer.indexFile().toAbsolutePath()).toList();
    }
}
