package dev.tracedffi.junit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the reports of traced tests: {@code <dir>/<class>/<test>.json} and {@code .html} per test, and
 * {@code <dir>/index.html} listing every test of the run reported into that directory, by any JVM
 * ({@link ReportIndex}). Call {@link #flush()} when done.
 *
 * <p>Thread-safe: tests of different classes may finish at the same time; each writes its own files. Files
 * are written to a temporary file and moved into place, so a browser never sees half a page.
 */
public final class ReportWriter {

    private final Path directory;
    private final String run;
    private final ReportIndex index;

    /** A writer for a run that is not named: the index keeps the entries of earlier runs. */
    public ReportWriter(Path directory) {
        this(directory, "");
    }

    /**
     * @param run the run (the build) the reports belong to, the same in every JVM of it; the index shows the
     *            tests of the latest run only, an empty name makes every run the same one
     */
    public ReportWriter(Path directory, String run) {
        this(directory, run, ReportIndex.REBUILD_INTERVAL);
    }

    /** @param rebuildInterval how long after rewriting the index the writer waits before doing it again */
    ReportWriter(Path directory, String run, Duration rebuildInterval) {
        this.directory = directory.toAbsolutePath().normalize();
        this.index = new ReportIndex(this.directory, run, rebuildInterval);
        this.run = run;
    }

    /** The run this writer's reports belong to. */
    public String run() {
        return run;
    }

    /** The files written for one test. */
    public record WrittenReport(Path json, Path html) {
    }

    /**
     * Writes the test's JSON and HTML, then adds it to the index; the index page itself is rewritten at
     * most once a second, and by {@link #flush()}.
     */
    public WrittenReport write(TestReport report) {
        List<JudgedCall> calls = new ArrayList<>(report.calls().size());
        report.calls().forEach(call -> calls.add(JudgedCall.of(call)));
        String classDirectory = ReportPaths.classDirectory(report.className());
        String stem = ReportPaths.testFileStem(report.displayName(), report.uniqueId());
        Path json = directory.resolve(classDirectory).resolve(stem + ".json");
        Path html = directory.resolve(classDirectory).resolve(stem + ".html");
        long violations = calls.stream().mapToLong(JudgedCall::violationCount).sum();
        IndexEntry entry = new IndexEntry(report.className(), report.displayName(), report.uniqueId(), report.status(),
                calls.size(), violations, classDirectory + "/" + stem + ".html", classDirectory + "/" + stem + ".json",
                run, report.ranBy(), report.child());
        try {
            // getBytes replaces what UTF-8 cannot encode (a lone surrogate) instead of failing
            AtomicFiles.replace(json, TestReportJson.of(report, calls).getBytes(StandardCharsets.UTF_8));
            AtomicFiles.replace(html, TestReportHtml.of(report, calls, stem + ".json").getBytes(StandardCharsets.UTF_8));
            index.add(classDirectory + "." + stem, entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + report.uniqueId() + " into " + directory, e);
        }
        return new WrittenReport(json, html);
    }

    /** Rewrites the index page if a test was added to it since it was last rewritten. */
    public void flush() {
        try {
            index.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index of " + directory, e);
        }
    }

    /** {@code <dir>/index.html}; it exists once a test was written. */
    public Path indexFile() {
        return index.indexFile();
    }
}
