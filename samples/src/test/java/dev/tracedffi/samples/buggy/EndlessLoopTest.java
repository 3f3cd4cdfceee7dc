package dev.tracedffi.samples.buggy;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.TracedChildError;
import dev.tracedffi.junit.TracedFfi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libbuggy's {@code countdown(3, 2)} never returns: 3, 1, then the unsigned n wraps around and stays
 * odd forever. The test's timeout kills the child JVM and the failure says where the traced call was.
 */
@RequiresLibBuggy
class EndlessLoopTest {

    @Test
    void theTimeoutStopsTheLoopAndNamesTheLoopingFunction() {
        Throwable failure = FixtureRuns.onlyFailure(FixtureRuns.run(UnawareOfTheBug.class));

        assertThat(failure).isInstanceOf(TracedChildError.class)
                .hasMessageContaining("the traced test timed out")
                .hasMessageContaining("libbuggy.so!countdown+0x");
    }

    @TracedFfi(timeoutMillis = 3_000)
    static class UnawareOfTheBug {
        @Test
        void countdownFromAnOddNumberInStepsOfTwo(FfiTracer tracer) {
            Buggy buggy = Buggy.load();
            tracer.trace("countdown", () -> buggy.countdown(3, 2));
        }
    }
}
