package dev.tracedffi.samples.buggy;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs a fixture class through the JUnit Platform, as a build would run it, so that a sample can assert
 * how a traced test fails. Fixtures are static nested classes: surefire never runs those by itself.
 */
final class FixtureRuns {

    private FixtureRuns() {
    }

    /** Every test of {@code fixture}; a fixture test that was skipped skips the caller with its reason. */
    static EngineExecutionResults run(Class<?> fixture) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .configurationParameters(childMode()).execute();
        results.testEvents().aborted().stream().map(FixtureRuns::throwableOf).findFirst().ifPresent(reason -> {
            throw new TestAbortedException("the fixture was skipped: " + reason.getMessage(), reason);
        });
        return results;
    }

    /**
     * The child mode the build runs the samples in ({@code tracedffi.child}, a system property of the
     * surefire execution), for the fixtures too: EngineTestKit reads no system properties.
     */
    private static Map<String, String> childMode() {
        String mode = System.getProperty("tracedffi.child");
        return mode == null ? Map.of() : Map.of("tracedffi.child", mode);
    }

    /** What the one failed test of {@code results} failed with. */
    static Throwable onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        return throwableOf(failed.get(0));
    }

    private static Throwable throwableOf(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
