package dev.tracedffi.junit.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, on local files: screenshots, and the DOM after the page's scripts ran. Each
 * call is one browser process with a private profile; a browser that does not finish in time is killed
 * with everything it started.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 90;

    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** {@code chromium} on the PATH, if there is one. */
    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static HeadlessChromium start(Path binary) throws IOException {
        return new HeadlessChromium(binary, Files.createTempDirectory("tracedffi-chromium"));
    }

    /** A PNG of the top {@code height} pixels of {@code page}, {@code width} pixels wide. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", page.toUri().toString()));
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot of " + page + "; its output: " + output());
        }
    }

    /** The DOM of {@code page} after its scripts ran, laid out in a window {@code width} pixels wide. */
    String dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", "--window-size=" + width + "," + height, page.toUri().toString()));
    }

    /** @return what the browser printed on stdout */
    private String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--user-data-dir=" + work.resolve("profile")));
        command.addAll(arguments);
        Path stdout = work.resolve("stdout");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(work.resolve("stderr").toFile());
        builder.environment().put("HOME", work.toString()); // nothing of the user's profile, nothing left in it
        Process browser = builder.start();
        try {
            if (!browser.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (browser.exitValue() != 0) {
                throw new IOException("chromium exited with " + browser.exitValue() + ": " + output());
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
            browser.waitFor();
        }
    }

    private String output() throws IOException {
        String err = Files.readString(work.resolve("stderr"), StandardCharsets.UTF_8);
        return err.length() > 4000 ? err.substring(err.length() - 4000) : err;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
