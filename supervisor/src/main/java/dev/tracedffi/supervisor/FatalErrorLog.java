package dev.tracedffi.supervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HotSpot fatal error log (hs_err) a child writes when the JVM aborts: the child is launched with
 * {@code -XX:ErrorFile} in the session's private directory, and when it dies in a way the supervisor
 * did not see coming, the summary says what the JVM knew: the signal and pc, the problematic frame, the
 * thread.
 */
final class FatalErrorLog {

    static final String FILE_PATTERN = "hs_err_pid%p.log";
    private static final int MAX_LINES_READ = 400;

    private FatalErrorLog() {
    }

    /** The JVM option that makes the child write its fatal error log into {@code dir}. */
    static String jvmOption(Path dir) {
        return "-XX:ErrorFile=" + dir.resolve(FILE_PATTERN);
    }

    /** The summary of the fatal error log in {@code dir}, if the child wrote one; the file is removed. */
    static Optional<String> takeSummary(Path dir) {
        if (dir == null) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "hs_err_pid*.log")) {
            for (Path log : logs) {
                String summary = summarize(readHead(log));
                Files.deleteIfExists(log);
                return Optional.of(summary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's fatal error log in " + dir, e);
        }
        return Optional.empty();
    }

    private static List<String> readHead(Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line; lines.size() < MAX_LINES_READ && (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The header's error line ({@code SIGSEGV (0xb) at pc=..., pid=..., tid=...} or the failed assertion),
     * the problematic frame, and the current thread.
     */
    static String summarize(List<String> lines) {
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#  ") && summary.isEmpty() && !line.isBlank() && !line.contains("fatal error has been detected")) {
                summary.add(line.substring(1).strip());
            } else if (line.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                summary.add("problematic frame: " + lines.get(i + 1).substring(1).strip());
            } else if (line.startsWith("Current thread")) {
                summary.add(line.strip());
            }
        }
        return summary.isEmpty() ? "the JVM wrote a fatal error log with no summary" : String.join("\n", summary);
    }
}
