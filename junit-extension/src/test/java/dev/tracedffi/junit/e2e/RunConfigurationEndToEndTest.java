package dev.tracedffi.junit.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.Map;

import static dev.tracedffi.junit.e2e.FixtureRuns.failureOf;
import static dev.tracedffi.junit.e2e.FixtureRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run's tracedffi configuration as JUnit users meet it: unavailable tracing disables traced tests
 * with the reason before any of them makes a child, and a bad value fails them naming the key. None of
 * these needs tracing to work here.
 */
class RunConfigurationEndToEndTest {

    private static final Map<String, String> UNAVAILABLE = Map.of("tracedffi.simulateUnavailable", "no ptrace on Mars");

    @Test
    void unavailableTracingDisablesTemplatesAndFactoriesBeforeTheyMakeTheirTests() {
        EngineExecutionResults results = run(Fixtures.Lifecycle.class, UNAVAILABLE);

        results.testEvents().assertStatistics(s -> s.started(0).skipped(1)); // the @Nested class's test
        List<Event> skippedContainers = results.containerEvents().skipped().list();
        assertThat(skippedContainers).map(event -> event.getTestDescriptor().getUniqueId().getLastSegment().getType())
                .containsExactlyInAnyOrder("test-template", "test-template", "test-factory");
        assertThat(results.allEvents().skipped().list()).hasSize(4).allSatisfy(event ->
                assertThat(event.getPayload(String.class)).get().asString()
                        .contains("tracedffi cannot trace here: no ptrace on Mars")
                        .contains("tracedffi.mode=isolate"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "tracedffi.timeout,  soon,      a positive number of milliseconds",
            "tracedffi.timeout,  0,         a positive number of milliseconds",
            "tracedffi.mode,     sometimes, trace or isolate",
            "tracedffi.strategy, teleport,  displaced or singlestep",
            "tracedffi.prewarm,  yes,       true or false",
            "tracedffi.child,    per-suite, per-test or per-class"})
    void aBadValueFailsTheTracedTestNamingTheKeyAndWhatItTakes(String key, String value, String allowed) {
        Throwable failure = failureOf(run(Fixtures.Passing.class, Map.of(key, value)));

        assertThat(failure).hasRootCauseInstanceOf(ExtensionConfigurationException.class)
                .rootCause().hasMessage("the tracedffi configuration parameter " + key + " must be " + allowed
                        + ", not '" + value + "'");
    }

    @Test
    void aZeroAnnotatedTimeoutFailsTheTestInsteadOfWaitingForever() {
        Throwable failure = failureOf(run(Fixtures.ZeroTimeout.class,
                Map.of("tracedffi.simulateUnavailable", "no ptrace on Mars", "tracedffi.mode", "isolate")));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@TracedFfi(timeoutMillis = 0) must be a positive number of milliseconds");
    }
}
