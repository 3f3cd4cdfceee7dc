package dev.tracedffi.benchmarks;

import dev.tracedffi.junit.TracedFfi;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Per-test overhead as a test suite sees it: wall time of {@value #TESTS} empty {@code @TracedFfi}
 * tests run one after the other by the JUnit Platform Launcher, each child launched when its test
 * starts (cold) or prepared while the previous test ran (warm, the default).
 */
final class SuiteBenchmark {

    static final int TESTS = 50;

    /** The suite: each repetition runs in its own child JVM. Public so that the launcher can run it. */
    @TracedFfi
    public static final class EmptyTests {
        @RepeatedTest(TESTS)
        void nothing() {
        }
    }

    private SuiteBenchmark() {
    }

    static List<Benchmarks.Row> rows() {
        suiteMillis(true); // a throw-away run: the test JVM's side is JIT-compiled before measuring
        double cold = suiteMillis(false) / TESTS;
        double warm = suiteMillis(true) / TESTS;
        return List.of(
                new Benchmarks.Row("empty `@TracedFfi` test in a suite of " + TESTS
                        + ", cold (`tracedffi.prewarm=false`): ms per test", Double.NaN, Double.NaN, cold),
                new Benchmarks.Row("empty `@TracedFfi` test in a suite of " + TESTS
                        + ", warm (prewarmed child): ms per test", Double.NaN, Double.NaN, warm));
    }

    /** Wall time of the whole suite, in its own launcher session (which kills the last prepared child). */
    private static double suiteMillis(boolean prewarm) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        long start = System.nanoTime();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request()
                    .selectors(selectClass(EmptyTests.class))
                    .configurationParameters(Map.of("tracedffi.prewarm", Boolean.toString(prewarm)))
                    .build(), listener);
        }
        long nanos = System.nanoTime() - start;
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTestsSucceededCount() != TESTS) {
            throw new IllegalStateException("the suite did not pass: " + summary.getTestsSucceededCount() + " of "
                    + TESTS + " succeeded, " + summary.getFailures());
        }
        return nanos / 1e6;
    }
}
