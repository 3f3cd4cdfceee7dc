package dev.tracedffi.junit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the reports of traced tests: {@code <dir>/<class>/<test>.json} and {@code .html} per test, and
 * {@code <dir>/index.html} listing every test this writer reported.
 *
 * <p>Use one writer per directory and JVM: the index is built from what it was given, not from files on
 * disk (those may be left from an earlier run). Thread-safe: tests of different classes may finish
 * at the same time; each writes its own files, and the index is rewritten under a lock. Files are written
 * to a temporary file and moved into place, so a browser never sees half a page.
 */
public final class ReportWriter {

    private final Path directory;
    /** By unique id: a test reported again (a rerun) replaces its entry. */
    private final Map<String, IndexEntry> index = new LinkedHashMap<>();

    public ReportWriter(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The files written for one test. */
    public record WrittenReport(Path json, Path html) {
    }

    /** Writes the test's JSON and HTML, then rewrites the index. */
    public WrittenReport write(TestReport report) {
        List<JudgedCall> calls = new ArrayList<>(report.calls().size());
        report.calls().forEach(call -> calls.add(JudgedCall.of(call)));
        String classDirectory = ReportPaths.classDirectory(report.className());
        String stem = ReportPaths.testFileStem(report.displayName(), report.uniqueId());
        Path json = directory.resolve(classDirectory).resolve(stem + ".json");
        Path html = directory.resolve(classDirectory).resolve(stem + ".html");
        replace(json, TestReportJson.of(report, calls));
        replace(html, TestReportHtml.of(report, calls, stem + ".json"));
        long violations = calls.stream().mapToLong(JudgedCall::violationCount).sum();
        IndexEntry entry = new IndexEntry(report.className(), report.displayName(), report.uniqueId(), report.status(),
                calls.size(), violations, classDirectory + "/" + stem + ".html", classDirectory + "/" + stem + ".json");
        synchronized (index) {
            index.put(report.uniqueId(), entry);
            replace(indexFile(), IndexHtml.of(index.values()));
        }
        return new WrittenReport(json, html);
    }

    /** {@code <dir>/index.html}; it exists once a test was written. */
    public Path indexFile() {
        return directory.resolve("index.html");
    }

    private static void replace(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".tracedffi", ".tmp");
            try {
                // getBytes replaces what UTF-8 cannot encode (a lone surrogate) instead of failing
                Files.write(temporary, content.getBytes(StandardCharsets.UTF_8));
                move(temporary, file);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
