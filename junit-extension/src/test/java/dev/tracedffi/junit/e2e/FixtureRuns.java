package dev.tracedffi.junit.e2e;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * How the end-to-end tests run a fixture class through the real JUnit Platform, and how they count what
 * a run left behind (child processes, zombies, temp directories).
 */
final class FixtureRuns {

    private FixtureRuns() {
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return printingFailures(EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameters(configuration)
                .execute());
    }

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    /** Every failed fixture test's throwable goes to stderr, so an unexpected failure explains itself. */
    static EngineExecutionResults printingFailures(EngineExecutionResults results) {
        results.testEvents().failed().stream().forEach(event -> {
            System.err.println("fixture test failed: " + event.getTestDescriptor().getUniqueId());
            event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .ifPresent(t -> t.printStackTrace(System.err));
        });
        return results;
    }

    /** The throwable of the run's one failed test. */
    static Throwable failureOf(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    /** The throwable of the one failed test among the selected method's. */
    static Throwable failureOf(Class<?> fixture, String method, Class<?>... parameterTypes) {
        EngineExecutionResults results = printingFailures(EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(fixture, method, names(parameterTypes)))
                .execute());
        return failureOf(results);
    }

    static String names(Class<?>... types) {
        return String.join(",", Stream.of(types).map(Class::getName).toList());
    }

    /** What the build tool does when the test run ends: the extension's session listeners kill the spares. */
    static void closeLauncherSession() {
        LauncherFactory.openSession().close();
    }

    static List<ProcessHandle> childProcesses() {
        return ProcessHandle.current().children().toList();
    }

    static List<Path> tracedffiTempDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("tracedffi-")
                    && !p.getFileName().toString().startsWith("tracedffi-cache-")).toList();
        }
    }

    /** Processes in state Z whose parent is this JVM, read from /proc. */
    static List<String> zombieChildren() throws IOException {
        String self = Long.toString(ProcessHandle.current().pid());
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> p.resolve("stat"))
                    .map(FixtureRuns::readQuietly)
                    .filter(stat -> {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        return fields.length > 1 && fields[0].equals("Z") && fields[1].equals(self);
                    })
                    .toList();
        }
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return "x) ? ?";
        }
    }

    /** Runs {@code action} with System.out captured (the children's stdout is forwarded there). */
    static String capturingStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        original.print(captured.toString(StandardCharsets.UTF_8));
        return captured.toString(StandardCharsets.UTF_8);
    }
}
