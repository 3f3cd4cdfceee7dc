package dev.tracedffi.benchmarks;

import dev.tracedffi.supervisor.ChildExit;
import dev.tracedffi.supervisor.ChildSpec;
import dev.tracedffi.supervisor.Strategy;
import dev.tracedffi.supervisor.Supervisor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What tracing costs: per traced access and per traced call under each {@link Strategy}, beside the
 * untraced time of the same call, and the cold per-test overhead of a child JVM. Every strategy runs
 * in the same invocation, one child after the other, so each row compares like with like.
 */
final class TracingBenchmark {

    /** glibc's vector loops for memset and memcpy at any size below 16 MiB: one fault per vector. */
    static final String VECTOR_TUNABLES =
            "glibc.cpu.x86_rep_stosb_threshold=0x1000000:glibc.cpu.x86_rep_movsb_threshold=0x1000000";
    /** Traced calls per case: few where each costs tens of milliseconds, many where the fixed cost dominates. */
    private static final int PER_ACCESS_CALLS = 15;
    private static final int PER_CALL_CALLS = 101;
    private static final int COLD_LAUNCHES = 5;

    /** One case as one child measured it: events of a traced call, median traced and untraced call. */
    record Measured(int events, long tracedNanos, long untracedNanos, int threads) {
        double microsPerAccess() {
            return tracedNanos / 1e3 / events;
        }

        double untracedMicrosPerAccess() {
            return untracedNanos / 1e3 / events;
        }
    }

    private TracingBenchmark() {
    }

    static List<Benchmarks.Row> rows() throws InterruptedException {
        for (Strategy strategy : Strategy.values()) {
            // a throw-away child per strategy: the supervisor's tracer code is JIT-compiled before measuring
            runChild(strategy, VECTOR_TUNABLES, PER_ACCESS_CALLS, "memset", "strlen");
            runChild(strategy, "", PER_CALL_CALLS, "memset", "empty");
        }
        Map<Strategy, Map<String, Measured>> vector = new EnumMap<>(Strategy.class);
        Map<Strategy, Map<String, Measured>> rep = new EnumMap<>(Strategy.class);
        for (Strategy strategy : Strategy.values()) {
            vector.put(strategy, runChild(strategy, VECTOR_TUNABLES, PER_ACCESS_CALLS, "memset", "memcpy", "strlen",
                    "memset-freed"));
            rep.put(strategy, runChild(strategy, "", PER_CALL_CALLS, "memset", "memcpy", "empty", "empty-more-threads"));
        }
        List<Benchmarks.Row> rows = new ArrayList<>();
        rows.add(perAccess("memset 64 KiB, vector path", vector, "memset"));
        rows.add(perAccess("memcpy 64 KiB, vector path", vector, "memcpy"));
        rows.add(perAccess("strlen 64 KiB", vector, "strlen"));
        rows.add(perAccess("memset 64 KiB into a freed buffer, vector path (each instruction's stack unwound once)",
                vector, "memset-freed"));
        rows.add(perCall("memset 64 KiB, `rep stosb`: ms per call", rep, "memset", 1e6));
        rows.add(perCall("memcpy 64 KiB, `rep movsb`: ms per call", rep, "memcpy", 1e6));
        rows.add(perCall("empty traced call (`abs`), " + rep.get(Strategy.DISPLACED).get("empty").threads()
                + " threads in the child: µs per call", rep, "empty", 1e3));
        rows.add(perCall("empty traced call (`abs`), " + rep.get(Strategy.DISPLACED).get("empty-more-threads").threads()
                + " threads in the child: µs per call", rep, "empty-more-threads", 1e3));
        rows.add(coldLaunch());
        return rows;
    }

    private static Benchmarks.Row perAccess(String name, Map<Strategy, Map<String, Measured>> runs, String key) {
        Measured single = runs.get(Strategy.SINGLESTEP).get(key);
        Measured displaced = runs.get(Strategy.DISPLACED).get(key);
        return new Benchmarks.Row(name + " (" + displaced.events() + " accesses): µs per access",
                displaced.untracedMicrosPerAccess(), single.microsPerAccess(), displaced.microsPerAccess());
    }

    private static Benchmarks.Row perCall(String name, Map<Strategy, Map<String, Measured>> runs, String key,
                                          double nanosPerUnit) {
        Measured single = runs.get(Strategy.SINGLESTEP).get(key);
        Measured displaced = runs.get(Strategy.DISPLACED).get(key);
        return new Benchmarks.Row(name, displaced.untracedNanos() / nanosPerUnit,
                single.tracedNanos() / nanosPerUnit, displaced.tracedNanos() / nanosPerUnit);
    }

    /** Launch to exit of a child whose main does nothing; the untraced column is an untraced child. */
    private static Benchmarks.Row coldLaunch() throws InterruptedException {
        long[] untraced = new long[COLD_LAUNCHES];
        long[] single = new long[COLD_LAUNCHES];
        long[] displaced = new long[COLD_LAUNCHES];
        for (int i = 0; i < COLD_LAUNCHES; i++) {
            untraced[i] = launch(spec(Strategy.DISPLACED, "").withTraced(false));
            single[i] = launch(spec(Strategy.SINGLESTEP, ""));
            displaced[i] = launch(spec(Strategy.DISPLACED, ""));
        }
        return new Benchmarks.Row("per-test overhead, cold (child launch to exit): ms",
                TracingBenchmarkChild.median(untraced) / 1e6, TracingBenchmarkChild.median(single) / 1e6,
                TracingBenchmarkChild.median(displaced) / 1e6);
    }

    private static long launch(ChildSpec spec) throws InterruptedException {
        long start = System.nanoTime();
        check(Supervisor.run(spec));
        return System.nanoTime() - start;
    }

    private static Map<String, Measured> runChild(Strategy strategy, String tunables, int calls, String... cases)
            throws InterruptedException {
        Map<String, Measured> results = new HashMap<>();
        String[] args = new String[cases.length + 1];
        args[0] = Integer.toString(calls);
        System.arraycopy(cases, 0, args, 1, cases.length);
        ChildSpec spec = spec(strategy, tunables, args).withOutput(line -> {
            String[] fields = line.split(" ");
            if (fields.length == 6 && fields[0].equals(TracingBenchmarkChild.RESULT)) {
                results.put(fields[1], new Measured(Integer.parseInt(fields[2]), Long.parseLong(fields[3]),
                        Long.parseLong(fields[4]), Integer.parseInt(fields[5])));
            }
        }, System.err::println);
        check(Supervisor.run(spec));
        for (String name : cases) {
            if (!results.containsKey(name)) {
                throw new IllegalStateException("the benchmark child reported nothing for " + name);
            }
        }
        return results;
    }

    private static ChildSpec spec(Strategy strategy, String tunables, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (tunables.isEmpty()) {
            env.remove("GLIBC_TUNABLES");
        } else {
            env.put("GLIBC_TUNABLES", tunables);
        }
        return ChildSpec.of(TracingBenchmarkChild.class.getName(), args.length == 0 ? new String[] {"0"} : args)
                .withEnvironment(env).withStrategy(strategy);
    }

    private static void check(ChildExit exit) {
        if (exit.supervisorError().isPresent() || exit.exitCode() != 0) {
            throw new IllegalStateException("benchmark child failed: " + exit.supervisorError().orElse("")
                    + " exit " + exit.exitCode() + "\n" + exit.stderrTail(20));
        }
    }
}
