package dev.tracedffi.junit.e2e;

import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.TracingSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import static dev.tracedffi.junit.e2e.FixtureRuns.childProcesses;
import static dev.tracedffi.junit.e2e.FixtureRuns.closeLauncherSession;
import static dev.tracedffi.junit.e2e.FixtureRuns.failureOf;
import static dev.tracedffi.junit.e2e.FixtureRuns.run;
import static dev.tracedffi.junit.e2e.FixtureRuns.zombieChildren;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JUnit's {@code @Timeout} interrupts the test JVM's thread that waits for a traced test's child: the
 * child must be killed and reaped before the test ends, not left to finish its native call.
 */
class JUnitTimeoutEndToEndTest {

    @BeforeAll
    static void tracingWorksHere() {
        TracingSupport support = Supervisor.tracingSupport();
        assumeTrue(support.available(), support.reason());
    }

    @ParameterizedTest(name = "tracedffi.prewarm={0}")
    @ValueSource(booleans = {true, false})
    void theInterruptedTestsChildIsKilledAndReapedAtOnce(boolean prewarm) throws IOException {
        closeLauncherSession(); // earlier tests' spares
        long started = System.nanoTime();
        Throwable failure = failureOf(run(Fixtures.JUnitTimeout.class,
                Map.of("tracedffi.prewarm", Boolean.toString(prewarm))));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("timed out after 2 seconds");
        assertThat(took).isLessThan(Duration.ofSeconds(Fixtures.JUnitTimeout.NATIVE_SLEEP_SECONDS / 2));
        closeLauncherSession(); // the spare started for the next test, if any
        assertThat(childProcesses()).isEmpty();
        assertThat(zombieChildren()).isEmpty();
    }
}
