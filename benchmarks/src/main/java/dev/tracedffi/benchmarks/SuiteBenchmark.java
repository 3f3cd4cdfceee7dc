package dev.tracedffi.benchmarks;

import dev.tracedffi.junit.TracedFfi;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Per-test overhead as a test suite sees it: {@value #TESTS} empty tests run one after the other by the
 * JUnit Platform Launcher, in one invocation, in four ways: plain JUnit (no tracedffi), one shared
 * child for the class ({@code tracedffi.child=per-class}), a fresh child per test prepared while the
 * previous test ran (the default), and a fresh child per test launched when its test starts
 * ({@code tracedffi.prewarm=false}). CPU time is user + sys from {@code /proc/self/stat}: this JVM's
 * own, and that of its reaped children (each child's from launch to reaped exit).
 */
final class SuiteBenchmark {

    static final int TESTS = 50;

    /** The plain suite: the same tests without tracedffi. Public so that the launcher can run it. */
    public static final class PlainTests {
        @RepeatedTest(TESTS)
        void nothing() {
        }
    }

    /** The traced suite: each repetition runs in a child JVM. Public so that the launcher can run it. */
    @TracedFfi
    public static final class EmptyTests {
        @RepeatedTest(TESTS)
        void nothing() {
        }
    }

    /** One way of running the suite: the class and the launcher's configuration parameters. */
    private enum Suite {
        PLAIN("plain JUnit, no tracedffi", PlainTests.class, Map.of()),
        // until the per-class child mode exists, the key is ignored and this row runs like the prewarmed one
        SHARED_CHILD("shared child per class (`tracedffi.child=per-class`)", EmptyTests.class,
                Map.of("tracedffi.child", "per-class")),
        PREWARMED("fresh child per test, prewarmed (default)", EmptyTests.class, Map.of()),
        COLD("fresh child per test, cold (`tracedffi.prewarm=false`)", EmptyTests.class,
                Map.of("tracedffi.prewarm", "false"));

        final String description;
        final Class<?> testClass;
        final Map<String, String> parameters;

        Suite(String description, Class<?> testClass, Map<String, String> parameters) {
            this.description = description;
            this.testClass = testClass;
            this.parameters = parameters;
        }
    }

    /** A suite's cost: wall time and CPU time of this JVM and of the children it reaped, in ms. */
    private record Cost(double wallMillis, double ownCpuMillis, double childrenCpuMillis) {
        double perTest(double millis) {
            return millis / TESTS;
        }
    }

    private SuiteBenchmark() {
    }

    /** Runs every suite once to warm this JVM up, then once each measured; returns the Markdown table. */
    static String table() throws IOException {
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<Cost> costs = new ArrayList<>();
        for (Suite suite : Suite.values()) {
            run(suite); // throw-away: this JVM's side is JIT-compiled before measuring
        }
        for (Suite suite : Suite.values()) {
            costs.add(run(suite));
        }
        Cost plain = costs.get(Suite.PLAIN.ordinal());
        Cost cold = costs.get(Suite.COLD.ordinal());
        StringBuilder table = new StringBuilder(String.format(
                "| %d empty tests | wall ms per test | CPU ms per test (test JVM + children) | children's CPU ms "
                        + "per test | wall ÷ plain | cold ÷ this (wall) | cold ÷ this (CPU) |%n", TESTS));
        table.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Suite suite : Suite.values()) {
            Cost cost = costs.get(suite.ordinal());
            double cpu = cost.ownCpuMillis() + cost.childrenCpuMillis();
            table.append(String.format("| %s | %s | %s | %s | %s× | %s× | %s× |%n", suite.description,
                    Benchmarks.format(cost.perTest(cost.wallMillis())), Benchmarks.format(cost.perTest(cpu)),
                    Benchmarks.format(cost.perTest(cost.childrenCpuMillis())),
                    Benchmarks.format(cost.wallMillis() / plain.wallMillis()),
                    Benchmarks.format(cold.wallMillis() / cost.wallMillis()),
                    Benchmarks.format((cold.ownCpuMillis() + cold.childrenCpuMillis()) / cpu)));
        }
        table.append(String.format("%nA fresh child's CPU time (user + sys, launch to reaped exit; cold row, %d children): "
                + "%s ms%n", TESTS, Benchmarks.format(cold.perTest(cold.childrenCpuMillis()))));
        table.append(String.format("Load (/proc/loadavg) before: %s; after: %s%n", loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim()));
        return table.toString();
    }

    /** Runs the suite in its own launcher session (which kills the last prepared child) and measures it. */
    private static Cost run(Suite suite) throws IOException {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        CpuTimes before = CpuTimes.read();
        long start = System.nanoTime();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request()
                    .selectors(selectClass(suite.testClass))
                    .configurationParameters(suite.parameters)
                    .build(), listener);
        }
        long nanos = System.nanoTime() - start;
        CpuTimes after = CpuTimes.read();
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTestsSucceededCount() != TESTS) {
            throw new IllegalStateException(suite + " did not pass: " + summary.getTestsSucceededCount() + " of "
                    + TESTS + " succeeded, " + summary.getFailures());
        }
        return new Cost(nanos / 1e6, after.ownMillis() - before.ownMillis(),
                after.childrenMillis() - before.childrenMillis());
    }

    /** utime + stime and cutime + cstime of this process, in ms. */
    private record CpuTimes(double ownMillis, double childrenMillis) {
        /** USER_HZ, the unit of /proc's times: 100 on every Linux architecture tracedffi runs on. */
        private static final double MILLIS_PER_TICK = 10;

        static CpuTimes read() throws IOException {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, cutime, cstime are fields 14-17 of proc(5); fields[0] is field 3
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            long cutime = Long.parseLong(fields[13]);
            long cstime = Long.parseLong(fields[14]);
            return new CpuTimes((utime + stime) * MILLIS_PER_TICK, (cutime + cstime) * MILLIS_PER_TICK);
        }
    }
}
