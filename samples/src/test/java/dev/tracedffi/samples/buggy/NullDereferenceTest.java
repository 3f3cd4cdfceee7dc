package dev.tracedffi.samples.buggy;

import dev.tracedffi.junit.ExpectSignal;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.TracedChildError;
import dev.tracedffi.junit.TracedFfi;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libbuggy's {@code value_initial} dereferences the NULL that strchr returns for an entry without '='.
 * The crash kills only the child JVM that ran the test: the test fails with a symbolized crash report
 * and the rest of the run goes on.
 */
@RequiresLibBuggy
class NullDereferenceTest {

    /** A crash is the child being killed by SIGSEGV (11): a test that expects exactly that passes. */
    @Test
    @TracedFfi
    @ExpectSignal(11)
    void valueInitialOfAnEntryWithoutEqualsSignCrashes(FfiTracer tracer) {
        Buggy buggy = Buggy.load();
        tracer.trace("value_initial", () -> buggy.value_initial("no equals sign"));
    }

    /** A test that does not expect the crash fails with its report; the next test still runs and passes. */
    @Test
    void anUnexpectedCrashFailsOnlyItsTestWithAReport() {
        EngineExecutionResults results = FixtureRuns.run(UnawareOfTheBug.class);

        results.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(1));
        assertThat(FixtureRuns.onlyFailure(results)).isInstanceOf(TracedChildError.class)
                .hasMessageContaining("SIGSEGV")
                .hasMessageContaining("during traced call `value_initial`")
                .hasMessageContaining("libbuggy.so!value_initial+0x")
                .hasMessageContaining("fault address: 0x1");
    }

    /**
     * The child dies with the crash, so the Java frames of the traced call travel with its start: the report
     * names the fixture's line that made the call, after the native stack.
     */
    @Test
    void theCrashReportEndsWithTheJavaLineOfTheCall() throws IOException {
        Throwable failure = FixtureRuns.onlyFailure(FixtureRuns.run(UnawareOfTheBug.class));

        List<String> source = Files.readAllLines(Path.of("src/test/java/dev/tracedffi/samples/buggy/NullDereferenceTest.java"));
        int callLine = source.lastIndexOf(CRASHING_CALL) + 1;
        assertThat(failure.getMessage()).contains("  native stack:\n    #0 ")
                .contains("  Java frames of the traced call:\n    at " + UnawareOfTheBug.class.getName()
                        + ".entryWithoutEqualsSign(NullDereferenceTest.java:" + callLine + ")\n");
    }

    private static final String CRASHING_CALL = "            tracer.trace(\"value_initial\", () -> buggy.value_initial(\"no equals sign\"));";

    @TracedFfi
    static class UnawareOfTheBug {
        @Test
        void entryWithoutEqualsSign(FfiTracer tracer) {
            Buggy buggy = Buggy.load();
            tracer.trace("value_initial", () -> buggy.value_initial("no equals sign"));
        }

        @Test
        void entryWithEqualsSign(FfiTracer tracer) {
            Buggy buggy = Buggy.load();
            assertThat(tracer.trace("value_initial", () -> buggy.value_initial("key=value")).result()).isEqualTo('v');
        }
    }
}
