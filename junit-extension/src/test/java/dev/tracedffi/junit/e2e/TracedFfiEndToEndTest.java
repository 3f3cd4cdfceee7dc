package dev.tracedffi.junit.e2e;

import dev.tracedffi.junit.TracedChildError;
import dev.tracedffi.junit.assertions.OutOfBoundsAccessError;
import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.TracingSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.tracedffi.junit.e2e.FixtureRuns.childProcesses;
import static dev.tracedffi.junit.e2e.FixtureRuns.closeLauncherSession;
import static dev.tracedffi.junit.e2e.FixtureRuns.capturingStdout;
import static dev.tracedffi.junit.e2e.FixtureRuns.failureOf;
import static dev.tracedffi.junit.e2e.FixtureRuns.names;
import static dev.tracedffi.junit.e2e.FixtureRuns.printingFailures;
import static dev.tracedffi.junit.e2e.FixtureRuns.run;
import static dev.tracedffi.junit.e2e.FixtureRuns.tracedffiTempDirectories;
import static dev.tracedffi.junit.e2e.FixtureRuns.zombieChildren;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs the fixtures' traced tests through the real JUnit Platform: each goes to a real child JVM under
 * a real supervisor, and its outcome must come back faithfully.
 */
class TracedFfiEndToEndTest {

    @BeforeAll
    static void tracingWorksHere() {
        TracingSupport support = Supervisor.tracingSupport();
        assumeTrue(support.available(), support.reason());
    }


    @Test
    void passingTestRunsInAChildWithExactEvents() {
        String out = capturingStdout(() -> run(Fixtures.Passing.class).testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1)));
        assertThat(out).contains(Fixtures.PID_MARKER).doesNotContain(Fixtures.PID_MARKER + ProcessHandle.current().pid());
    }

    @Test
    void failedAssertionKeepsTypeMessageExpectedActualAndStackTrace() {
        Throwable failure = failureOf(run(Fixtures.FailingAssertion.class));
        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessageContaining("the answer");
        AssertionFailedError assertion = (AssertionFailedError) failure;
        assertThat(assertion.getExpected().getStringRepresentation()).isEqualTo("42");
        assertThat(assertion.getActual().getStringRepresentation()).isEqualTo("41");
        assertThat(failure.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("comparesNumbers"));
    }

    @Test
    void abortedAssumptionAbortsTheTest() {
        EngineExecutionResults results = run(Fixtures.AbortedAssumption.class);
        results.testEvents().assertStatistics(s -> s.aborted(1).failed(0));
        Throwable abort = results.testEvents().aborted().list().get(0)
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(abort).isInstanceOf(TestAbortedException.class).hasMessageContaining("not on this planet");
    }

    @Test
    void errorKeepsItsClassAndCauseChain() {
        Throwable failure = failureOf(run(Fixtures.ThrowsWithCause.class));
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("outer");
        assertThat(failure.getCause()).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(failure.getCause().getCause()).isInstanceOf(IOException.class).hasMessage("inner");
    }

    @Test
    void nativeCrashFailsWithASymbolizedReport() {
        Throwable failure = failureOf(run(Fixtures.Crashes.class));
        assertThat(failure).isInstanceOf(TracedChildError.class)
                .hasMessageContaining("SIGSEGV")
                .hasMessageContaining("during traced call `strlen`")
                .hasMessageContaining("at:            libc.so.6+0x")
                .hasMessageContaining("fault address: 0x0")
                .hasMessageContaining("rdi 0x0000000000000000");
    }

    @Test
    void unexpectedExitFailsWithItsCode() {
        Throwable failure = failureOf(Fixtures.Exits.class, "exitsWithoutExpectation", dev.tracedffi.junit.FfiTracer.class);
        assertThat(failure).isInstanceOf(TracedChildError.class).hasMessageContaining("exited with code 3");
    }

    @Test
    void expectExitPassesOnTheRightCodeAndStderr() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Fixtures.Exits.class, "exitsAsExpected", names(dev.tracedffi.junit.FfiTracer.class)),
                        selectMethod(Fixtures.Exits.class, "overridesItsRetcode", names(dev.tracedffi.junit.FfiTracer.class)))
                .execute();
        printingFailures(results);
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void expectExitFailsOnTheWrongCode() {
        Throwable failure = failureOf(Fixtures.Exits.class, "exitsWithTheWrongCode", dev.tracedffi.junit.FfiTracer.class);
        assertThat(failure).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected the child to exit with 4").hasMessageContaining("exited with code 3");
    }

    @Test
    void exitCodesAbove128AreExitCodesAndSignalsStaySignals() {
        EngineExecutionResults results = run(Fixtures.ExitCodesAbove128.class);
        printingFailures(results);
        results.testEvents().assertStatistics(s -> s.succeeded(5).failed(1));
        assertThat(failureOf(results)).hasMessageContaining("expected the child to be killed by SIGABRT")
                .hasMessageContaining("exited with code 134");
    }

    @Test
    void aChildReplacedByExecveFailsWithTheProgramAndItsExitCode() {
        EngineExecutionResults results = run(Fixtures.Execs.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failureOf(results)).isInstanceOf(TracedChildError.class)
                .hasMessageContaining("was replaced by the program native code exec'd in traced call `execv` "
                        + "(native code called execve(/bin/sh) in thread ")
                .hasMessageContaining("which exited with code 7");
    }

    @Test
    void aTestThatFailsOrAbortsInTheChildDoesSoWhateverItsExpectation() {
        EngineExecutionResults results = run(Fixtures.ExpectationsDoNotHideTheTestsOwnResult.class);
        results.testEvents().assertStatistics(s -> s.failed(1).aborted(1));
        assertThat(failureOf(results)).isInstanceOf(AssertionFailedError.class).hasMessageContaining("the test's own assertion");
    }

    @Test
    void expectSignalPassesOnAbortAndFailsOnNormalReturn() {
        EngineExecutionResults results = run(Fixtures.Signals.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failureOf(results)).hasMessageContaining("expected the child to be killed by SIGABRT")
                .hasMessageContaining("returned normally");
    }

    @Test
    void hangIsStoppedWithItsLocation() {
        Throwable failure = failureOf(run(Fixtures.Hangs.class));
        assertThat(failure).isInstanceOf(TracedChildError.class)
                .hasMessageContaining("timed out")
                .hasMessageContaining("libc.so.6!clock_nanosleep");
    }

    @Test
    void parameterizedRepeatedDynamicAndNestedTestsEachRunInAChild() {
        String out = capturingStdout(() -> run(Fixtures.Lifecycle.class).testEvents()
                .assertStatistics(s -> s.succeeded(3 + 2 + 2 + 1).failed(0)));
        assertThat(out).doesNotContain(Fixtures.PID_MARKER + ProcessHandle.current().pid() + " beforeEach");
        assertThat(out.lines().filter(line -> line.contains("beforeEach")).map(line -> line.split(" ")[1]).distinct())
                .hasSize(3 + 2 + 2 + 1);
    }

    @Test
    void outOfBoundsWriteFailsTheCallWithAReport() {
        Throwable failure = failureOf(run(Fixtures.OutOfBounds.class));
        assertThat(failure).isInstanceOf(OutOfBoundsAccessError.class)
                .hasMessageContaining("overflows the 16-byte buffer `dst` by 1 byte");
    }

    @Test
    void eightTracedTestsInParallel() {
        run(Fixtures.Parallel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8"))
                .testEvents().assertStatistics(s -> s.succeeded(8).failed(0));
    }

    @Test
    void unavailableTracingSkipsWithTheReason() {
        EngineExecutionResults results = run(Fixtures.Passing.class, Map.of("tracedffi.simulateUnavailable", "no ptrace on Mars"));
        results.testEvents().assertStatistics(s -> s.skipped(1).started(0));
        String reason = results.testEvents().skipped().list().get(0).getPayload(String.class).orElseThrow();
        assertThat(reason).contains("no ptrace on Mars");
    }

    @Test
    void isolateModeRunsUntracedAndEventsThrow() {
        Throwable failure = failureOf(run(Fixtures.Untraceable.class, Map.of(
                "tracedffi.simulateUnavailable", "no ptrace on Mars", "tracedffi.mode", "isolate")));
        assertThat(failure).hasMessageContaining("not traced");
        assertThat(failure.getClass().getSimpleName()).isEqualTo("TracingUnavailableException");
    }

    @Test
    void eachPrewarmedTestRunsInItsOwnProcessWithItsOwnConfiguration() {
        String out = capturingStdout(() -> run(Fixtures.Configurations.class)
                .testEvents().assertStatistics(s -> s.succeeded(9).failed(0)));
        List<String> pids = Pattern.compile("fixture pid (\\d+)").matcher(out).results().map(m -> m.group(1)).toList();
        assertThat(pids).hasSize(9).doesNotHaveDuplicates()
                .doesNotContain(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void withoutPrewarmingNoChildOutlivesItsTest() throws IOException {
        closeLauncherSession();
        run(Fixtures.Passing.class, Map.of("tracedffi.prewarm", "false")).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(childProcesses()).isEmpty();
        assertThat(zombieChildren()).isEmpty();
    }

    @Test
    void fiftySequentialTestsLeaveNothingBehind() throws IOException {
        closeLauncherSession(); // the spares of earlier tests' configurations
        List<Path> before = tracedffiTempDirectories();
        run(Fixtures.Quick.class).testEvents().assertStatistics(s -> s.succeeded(50));
        assertThat(childProcesses()).as("the prewarmed spare only").hasSize(1);
        closeLauncherSession();
        assertThat(childProcesses()).isEmpty();
        assertThat(zombieChildren()).isEmpty();
        // other supervisors of this machine may come and go meanwhile: only a directory created during
        // the run and still there would be ours, left behind
        assertThat(tracedffiTempDirectories()).allMatch(before::contains);
    }
}
