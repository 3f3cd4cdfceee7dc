package dev.tracedffi.junit.e2e;

import dev.tracedffi.junit.TracedChildError;
import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.TracingSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.tracedffi.junit.e2e.FixtureRuns.capturingStdout;
import static dev.tracedffi.junit.e2e.FixtureRuns.childProcesses;
import static dev.tracedffi.junit.e2e.FixtureRuns.closeLauncherSession;
import static dev.tracedffi.junit.e2e.FixtureRuns.run;
import static dev.tracedffi.junit.e2e.FixtureRuns.zombieChildren;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Per-class child mode through the real JUnit Platform: the tests of a class share one real child JVM,
 * each with its own arena, events, output, timeout, verdict and report; a test that ends the child leaves
 * the next one a fresh child; and nothing is left behind.
 */
class SharedChildEndToEndTest {

    private static final Pattern CHILD_LINE = Pattern.compile(Pattern.quote(SharedChildFixtures.CHILD) + "(\\d+) (.+)");

    @TempDir
    Path reports;

    private List<String> threadsBefore;

    @BeforeAll
    static void tracingWorksHere() {
        TracingSupport support = Supervisor.tracingSupport();
        assumeTrue(support.available(), support.reason());
    }

    @BeforeEach
    void nothingRunsYet() throws IOException {
        closeLauncherSession(); // the spares of earlier tests' configurations
        threadsBefore = tracedffiThreads();
    }

    /**
     * Once the spares are gone too, no child, zombie or tracedffi thread is left (a session whose socket
     * directory stays is one whose tracer thread never finished).
     */
    @AfterEach
    void nothingIsLeftBehind() throws IOException {
        closeLauncherSession();
        assertThat(childProcesses()).isEmpty();
        assertThat(zombieChildren()).isEmpty();
        assertThat(tracedffiThreads()).hasSizeLessThanOrEqualTo(threadsBefore.size());
    }

    @Test
    void theTestsOfAClassShareOneChildEachWithAFreshArenaAndItsOwnEvents() throws IOException {
        Map<String, String> childOf = childByTest(() -> run(SharedChildFixtures.Sharing.class, reportsHere())
                .testEvents().assertStatistics(s -> s.succeeded(3).failed(0)));

        assertThat(childOf).containsOnlyKeys("a", "b", "c");
        assertThat(Set.copyOf(childOf.values())).hasSize(1)
                .doesNotContain(Long.toString(ProcessHandle.current().pid()));
        Map<String, Properties> entries = indexEntries();
        assertThat(entries).hasSize(3);
        entries.forEach((method, entry) -> {
            assertThat(entry.getProperty("child.pid")).isEqualTo(childOf.get(method));
            assertThat(entry.getProperty("child.shared")).isEqualTo("true");
            assertThat(entry.getProperty("calls")).as("its own calls only").isEqualTo("1");
        });
        assertThat(entries.values()).extracting(e -> e.getProperty("child.test")).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void aTestThatEndsTheChildFailsAloneAndTheNextRunsInAFreshChild() throws IOException {
        EngineExecutionResults[] results = new EngineExecutionResults[1];
        Map<String, String> childOf = childByTest(() -> results[0] = run(SharedChildFixtures.Ending.class, reportsHere()));

        results[0].testEvents().assertStatistics(s -> s.succeeded(4).failed(3));
        Map<String, Throwable> failures = failuresByMethod(results[0]);
        assertThat(failures).containsOnlyKeys("b_crashes", "d_exits", "f_hangs");
        assertThat(failures.get("b_crashes")).isInstanceOf(TracedChildError.class).hasMessageContaining("SIGSEGV")
                .hasMessageContaining("during traced call `strlen`");
        assertThat(failures.get("d_exits")).isInstanceOf(TracedChildError.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("stderr of d").as("the stderr of the test before it is that test's")
                .hasMessageNotContaining("stderr of c");
        assertThat(failures.get("f_hangs")).isInstanceOf(TracedChildError.class).hasMessageContaining("timed out")
                .hasMessageContaining("libc.so.6!clock_nanosleep");

        assertThat(childOf.get("a")).isEqualTo(childOf.get("b_crashes"));
        assertThat(childOf.get("c")).isEqualTo(childOf.get("d_exits"));
        assertThat(childOf.get("e")).isEqualTo(childOf.get("f_hangs"));
        assertThat(Stream.of("a", "c", "e", "g").map(childOf::get).distinct()).hasSize(4);
        Map<String, Properties> entries = indexEntries();
        assertThat(entries.get("c").getProperty("child.test")).as("first in its fresh child").isEqualTo("1");
        assertThat(entries.get("d_exits").getProperty("child.test")).isEqualTo("2");
        assertThat(entries.get("f_hangs").getProperty("status")).isEqualTo("TIMED_OUT");
    }

    @Test
    void parameterizedRepeatedDynamicAndNestedTestsShareTheirClassesChild() {
        Map<String, String> childOf = childByTest(() -> run(SharedChildFixtures.Lifecycle.class)
                .testEvents().assertStatistics(s -> s.succeeded(3 + 2 + 2 + 2).failed(0)));

        assertThat(childOf).hasSize(3 + 1 + 2 + 2); // the repetitions print the same name
        assertThat(Set.copyOf(childOf.values())).as("a nested class's tests share its enclosing class's child")
                .hasSize(1);
    }

    @Test
    void testsWithTheirOwnJvmOptionsOrExpectingAnExitGetTheirOwnChild() {
        Map<String, String> childOf = childByTest(() -> run(SharedChildFixtures.OwnChildren.class)
                .testEvents().assertStatistics(s -> s.succeeded(5).failed(0)));

        assertThat(Stream.of("a", "c", "e").map(childOf::get).distinct()).hasSize(1);
        assertThat(Stream.of("a", "b_ownOptions", "d_expectsToExit").map(childOf::get).distinct()).hasSize(3);
    }

    @Test
    void anExitCodeOverrideFailsOnlyItsOwnTestAndTheChildGoesOn() {
        EngineExecutionResults[] results = new EngineExecutionResults[1];
        Map<String, String> childOf = childByTest(() -> results[0] = run(SharedChildFixtures.Overriding.class));

        results[0].testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failuresByMethod(results[0]).get("a_overrides")).isInstanceOf(TracedChildError.class)
                .hasMessageContaining("the test passed, but the child reported exit code 5 (overridden)");
        assertThat(childOf.get("b")).isEqualTo(childOf.get("a_overrides"));
    }

    @Test
    void aChildThatCannotStartFailsEachTestWithWhy() {
        EngineExecutionResults results = run(SharedChildFixtures.UnstartableChild.class);

        results.testEvents().assertStatistics(s -> s.failed(2));
        assertThat(failuresByMethod(results).values()).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(TracedChildError.class).hasMessageContaining("NoSuchOptionForTracedffi"));
    }

    @Test
    void theRunsConfigurationParameterSharesAChildForEveryClass() {
        String out = capturingStdout(() -> run(Fixtures.Quick.class, Map.of("tracedffi.child", "per-class"))
                .testEvents().assertStatistics(s -> s.succeeded(50)));
        assertThat(childProcesses()).as("the class's child was closed with it; the spare is left").hasSize(1);

        assertThat(out).doesNotContain("tracedffi-end-of-main").as("boundaries are not the tests' output");
    }

    private Map<String, String> reportsHere() {
        return Map.of("tracedffi.reports", reports.toString());
    }

    /** The index entries of the run's reports, by test method name. */
    private Map<String, Properties> indexEntries() throws IOException {
        Map<String, Properties> entries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(reports.resolve(".index"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".entry")).toList()) {
                Properties entry = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    entry.load(in);
                }
                entries.put(entry.getProperty("displayName").replaceAll("\\(.*\\)", ""), entry);
            }
        }
        return entries;
    }

    private static Map<String, Throwable> failuresByMethod(EngineExecutionResults results) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        for (Event event : results.testEvents().failed().list()) {
            failures.put(event.getTestDescriptor().getDisplayName().replaceAll("\\(.*\\)", ""),
                    event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow());
        }
        return failures;
    }

    /** Runs {@code action} and reads from the children's output which child ran which test. */
    private static Map<String, String> childByTest(Runnable action) {
        String out = capturingStdout(action);
        Map<String, String> childOf = new LinkedHashMap<>();
        for (Matcher line = CHILD_LINE.matcher(out); line.find(); ) {
            String previous = childOf.put(line.group(2), line.group(1));
            assertThat(previous).as("the repetitions of " + line.group(2)).isIn(null, line.group(1));
        }
        return childOf;
    }


    private static List<String> tracedffiThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("tracedffi-") && !name.startsWith("tracedffi-cache-")).toList();
    }
}
