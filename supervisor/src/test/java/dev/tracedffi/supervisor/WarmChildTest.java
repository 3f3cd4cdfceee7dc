package dev.tracedffi.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Prepared children: started ahead of their work, then given one main under the usual guarantees, or kept
 * for several mains one after another.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class WarmChildTest {

    private static final String LIBRARY = System.getProperty("tracedffi.test.library", "");

    private static WarmChild prepare() {
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("-Dtracedffi.test.library=" + LIBRARY);
        return Supervisor.prepare(ChildSpec.of(PreparedScenarios.WarmUp.class.getName()).withJvmOptions(jvm));
    }

    /** Waits until the child has had time to warm up and wait: the run must not pay its start-up. */
    private static void letItWarmUp() throws InterruptedException {
        Thread.sleep(1_500);
    }

    @Test
    void runsItsMainAfterTheWarmUpWithTheWarmUpOutputFirst() throws InterruptedException {
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        try (WarmChild child = prepare()) {
            letItWarmUp();
            assertThat(child.isAlive()).isTrue();
            ChildExit exit = child.run(PreparedScenarios.Echo.class.getName(), List.of("a", "b c"),
                    Duration.ofSeconds(30), out::add, err::add);
            assertThat(exit.supervisorError()).isEmpty();
            assertThat(exit.exitCode()).as(exit.stderr()).isZero();
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo("warm-up out");
        assertThat(out.get(1)).matches("pid \\d+ args a,b c");
        assertThat(err).containsExactly("warm-up err");
    }

    @Test
    void tracesTheCallsOfItsMain() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        try (WarmChild child = prepare()) {
            ChildExit exit = child.run(TraceeScenarios.class.getName(), List.of("increment"), Duration.ofSeconds(30),
                    line -> { }, line -> { });
            SupervisorTracingTest.assertCleanExit(exit);
            assertThat(SupervisorTracingTest.onlyCall(exit).ending()).isEqualTo(CallRecord.Ending.COMPLETED);
            assertThat(SupervisorTracingTest.onlyCall(exit).events().accEvents()).isNotEmpty();
        }
    }

    @Test
    void timeoutCountsFromTheAssignmentAndNamesWhereItHung() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        try (WarmChild child = prepare()) {
            letItWarmUp();
            long start = System.nanoTime();
            ChildExit exit = child.run(TraceeScenarios.class.getName(), List.of("spin"), Duration.ofMillis(1_000),
                    line -> { }, line -> { });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
            assertThat(exit.timedOut()).isTrue();
            assertThat(exit.hangLocation()).hasValueSatisfying(where -> assertThat(where).contains("spin_forever"));
        }
    }

    @Test
    void nativeCrashIsReported() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        try (WarmChild child = prepare()) {
            ChildExit exit = child.run(TraceeScenarios.class.getName(), List.of("deref_null"), Duration.ofSeconds(30),
                    line -> { }, line -> { });
            assertThat(exit.crash()).isPresent();
        }
    }

    @Test
    void closeKillsAWaitingChildAndLeavesNothing() throws Exception {
        List<Path> before = tracedffiTempDirectories();
        WarmChild child = prepare();
        letItWarmUp();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isEqualTo(1);
        child.close();
        assertThat(tracedffiTempDirectories()).allMatch(before::contains);
    }

    @Test
    void closeBeforeTheChildHasConnectedLeavesNothing() throws Exception {
        List<Path> before = tracedffiTempDirectories();
        for (long delay : new long[] {0, 50, 200}) {
            WarmChild child = prepare();
            Thread.sleep(delay);
            child.close();
        }
        assertThat(tracedffiTempDirectories()).allMatch(before::contains);
    }

    @Test
    void runsOneMainOnly() throws InterruptedException {
        try (WarmChild child = prepare()) {
            child.run(PreparedScenarios.Echo.class.getName(), List.of(), Duration.ofSeconds(30), line -> { },
                    line -> { });
            assertThatIllegalStateException().isThrownBy(() -> child.run(
                    PreparedScenarios.Echo.class.getName(), List.of(), Duration.ofSeconds(30), line -> { }, line -> { }));
        }
    }

    @Test
    void aKeptChildRunsMainsOneAfterAnotherEachWithItsOwnOutputCallsAndArena() throws InterruptedException {
        List<String> pids = new ArrayList<>();
        try (WarmChild child = prepare()) {
            for (String name : List.of("one", "two", "three")) {
                List<String> out = new CopyOnWriteArrayList<>();
                List<String> err = new CopyOnWriteArrayList<>();
                ChildExit exit = child.runAndKeep(PreparedScenarios.KeptMain.class.getName(), List.of(name),
                        Duration.ofSeconds(30), out::add, err::add).orElseThrow();

                assertThat(exit.supervisorError()).isEmpty();
                assertThat(exit.exitCode()).as(exit.stderr()).isZero();
                assertThat(child.isAlive()).isTrue();
                assertThat(exit.calls()).as("this main's calls only").hasSize(1);
                assertThat(exit.calls().get(0).events().accEvents()).isNotEmpty();
                List<String> warmUp = name.equals("one") ? List.of("warm-up out") : List.of();
                assertThat(out.subList(0, warmUp.size())).isEqualTo(warmUp);
                List<String> own = out.subList(warmUp.size(), out.size());
                assertThat(own.get(0)).matches("pid \\d+ buffers 0 " + name);
                // as at any process's end, Java's output is out before what libc still buffers
                assertThat(own.subList(1, own.size())).containsExactly("partial " + name + "native " + name);
                assertThat(err).containsSubsequence("err " + name).hasSize(name.equals("one") ? 2 : 1);
                assertThat(exit.stderr()).contains("err " + name);
                assertThat(exit.stderr().lines().filter(line -> line.startsWith("err "))).containsExactly("err " + name);
                pids.add(own.get(0).split(" ")[1]);
            }
            assertThat(child.mainsStarted()).isEqualTo(3);
        }
        assertThat(pids).containsOnly(pids.get(0));
    }

    @Test
    void aMainThatCrashesEndsTheKeptChildAndTheNextMainFindsItGone() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        try (WarmChild child = prepare()) {
            ChildExit first = child.runAndKeep(PreparedScenarios.KeptMain.class.getName(), List.of("one"),
                    Duration.ofSeconds(30), line -> { }, line -> { }).orElseThrow();
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(child.isAlive()).isTrue();
            ChildExit crashed = child.runAndKeep(TraceeScenarios.class.getName(), List.of("deref_null"),
                    Duration.ofSeconds(30), line -> { }, line -> { }).orElseThrow();

            assertThat(crashed.crash()).isPresent();
            assertThat(crashed.calls()).as("the crashed main's call only").hasSize(1);
            assertThat(child.isAlive()).isFalse();
            assertThat(child.runAndKeep(PreparedScenarios.KeptMain.class.getName(), List.of("two"),
                    Duration.ofSeconds(30), line -> { }, line -> { })).isEmpty();
        }
    }

    @Test
    void aKeptChildsTimeoutCountsFromItsMainsAssignmentAndKillsTheChild() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        try (WarmChild child = prepare()) {
            assertThat(child.runAndKeep(PreparedScenarios.KeptMain.class.getName(), List.of("one"),
                    Duration.ofSeconds(30), line -> { }, line -> { })).isPresent();
            long start = System.nanoTime();
            ChildExit exit = child.runAndKeep(TraceeScenarios.class.getName(), List.of("spin"), Duration.ofMillis(1_000),
                    line -> { }, line -> { }).orElseThrow();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
            assertThat(exit.timedOut()).isTrue();
            assertThat(exit.hangLocation()).hasValueSatisfying(where -> assertThat(where).contains("spin_forever"));
            assertThat(child.isAlive()).isFalse();
        }
    }

    private static List<Path> tracedffiTempDirectories() throws IOException {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("tracedffi-")
                    && !p.getFileName().toString().startsWith("tracedffi-cache-")).toList();
        }
    }
}
