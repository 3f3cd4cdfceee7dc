package dev.tracedffi.junit;

import dev.tracedffi.junit.report.RanBy;
import dev.tracedffi.supervisor.Strategy;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The run's {@code tracedffi.*} configuration parameters (from {@code junit-platform.properties}, the
 * launcher request or {@code -D} system properties), read once per run and kept in the root context's
 * store, like Jupiter's own {@code TimeoutConfiguration}. A bad value fails the run's traced tests with
 * a message naming the key and the values it takes.
 *
 * @param timeout                 {@value #TIMEOUT}: how long a child may run, unless its {@code @TracedFfi} says
 * @param mode                    {@value #MODE}
 * @param prewarm                 {@value #PREWARM}: start each test's child while the previous test runs
 * @param child                   {@value #CHILD}: {@code per-test} (a fresh child JVM per test, the default) or
 *                                {@code per-class} (the tests of a class share one), where {@code @TracedFfi}
 *                                does not say
 * @param strategy                {@value #STRATEGY}: how the tracer makes a faulting instruction execute
 * @param simulatedUnavailability {@value #SIMULATE_UNAVAILABLE}: a testing aid, pretend tracing is
 *                                unavailable here with this reason
 * @param reports                 {@value #REPORTS}: the directory of the JSON and HTML reports
 * @param reportsRun              {@value #REPORTS_RUN}: the run (the build) the reports belong to, the same in
 *                                every JVM of it (the parent pom sets it); the index shows the latest run's
 *                                tests only. Empty: not named, every run is the same one
 * @param reportsRanBy            {@value #REPORTS_RAN_BY}: the test that launched this run, for fixture runs
 *                                {@code RunningTests} cannot attribute
 * @param forwardedToChild        the keys set for this run that the child's own launcher gets too
 */
record TracedFfiConfiguration(Duration timeout, Mode mode, boolean prewarm, ChildMode child, Strategy strategy,
                              Optional<String> simulatedUnavailability, Path reports, String reportsRun,
                              Optional<String> reportsRanBy, Map<String, String> forwardedToChild) {

    /** {@value #MODE}: trace (default), or isolate (a child without tracing where tracing is unavailable). */
    enum Mode { TRACE, ISOLATE }

    static final String TIMEOUT = "tracedffi.timeout";
    static final String MODE = "tracedffi.mode";
    static final String PREWARM = "tracedffi.prewarm";
    static final String CHILD = "tracedffi.child";
    static final String STRATEGY = Strategy.PROPERTY;
    static final String SIMULATE_UNAVAILABLE = "tracedffi.simulateUnavailable";
    static final String REPORTS = "tracedffi.reports";
    static final String REPORTS_RUN = "tracedffi.reports.run";
    static final String REPORTS_RAN_BY = RanBy.PARAMETER;

    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(60_000);
    static final Path DEFAULT_REPORTS = Path.of("target", "tracedffi-reports");
    private static final List<String> JVM_WIDE_KEYS = List.of(REPORTS, REPORTS_RUN);
    private static final List<String> KEYS = List.of(TIMEOUT, MODE, PREWARM, CHILD, STRATEGY, SIMULATE_UNAVAILABLE,
            REPORTS, REPORTS_RUN, REPORTS_RAN_BY);
    private static final List<String> FORWARDED_KEYS = List.of(TIMEOUT, MODE);

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TracedFfiConfiguration.class);

    TracedFfiConfiguration {
        forwardedToChild = Map.copyOf(forwardedToChild);
        if (child == ChildMode.CONFIGURED) {
            throw new IllegalArgumentException(CHILD + " is per-test or per-class");
        }
    }

    /** This run's configuration: parsed on first use, then kept in the root context's store. */
    static TracedFfiConfiguration of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(NAMESPACE).getOrComputeIfAbsent(TracedFfiConfiguration.class,
                key -> parse(root::getConfigurationParameter, name -> Optional.ofNullable(System.getProperty(name))),
                TracedFfiConfiguration.class);
    }

    /** Reads each key once through {@code parameters}; an unset or blank key takes its default. */
    static TracedFfiConfiguration parse(Function<String, Optional<String>> parameters) {
        return parse(parameters, name -> Optional.empty());
    }

    /**
     * Like {@link #parse(Function)}; the JVM-wide keys (the report directory and the build's name) that
     * {@code parameters} does not set are taken from {@code jvmWide} (the system properties).
     */
    static TracedFfiConfiguration parse(Function<String, Optional<String>> parameters,
                                        Function<String, Optional<String>> jvmWide) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String key : KEYS) {
            parameters.apply(key).map(String::trim).filter(value -> !value.isEmpty()).ifPresent(value -> set.put(key, value));
        }
        // where the build's reports go and which build this is hold for the whole JVM: a run nested in a test
        // (EngineTestKit, which reads no system properties by default) must write into the same index
        for (String key : JVM_WIDE_KEYS) {
            if (!set.containsKey(key)) {
                jvmWide.apply(key).map(String::trim).filter(value -> !value.isEmpty())
                        .ifPresent(value -> set.put(key, value));
            }
        }
        Map<String, String> forwarded = new LinkedHashMap<>(set);
        forwarded.keySet().retainAll(FORWARDED_KEYS);
        return new TracedFfiConfiguration(
                value(set, TIMEOUT).map(value -> Duration.ofMillis(positiveMillis(TIMEOUT, value))).orElse(DEFAULT_TIMEOUT),
                value(set, MODE).map(value -> constant(MODE, value, Mode.class)).orElse(Mode.TRACE),
                value(set, PREWARM).map(value -> bool(PREWARM, value)).orElse(true),
                value(set, CHILD).map(TracedFfiConfiguration::childMode).orElse(ChildMode.PER_TEST),
                value(set, STRATEGY).map(value -> constant(STRATEGY, value, Strategy.class)).orElse(Strategy.DISPLACED),
                value(set, SIMULATE_UNAVAILABLE),
                value(set, REPORTS).map(Path::of).orElse(DEFAULT_REPORTS),
                value(set, REPORTS_RUN).orElse(""),
                value(set, REPORTS_RAN_BY),
                forwarded);
    }

    private static Optional<String> value(Map<String, String> set, String key) {
        return Optional.ofNullable(set.get(key));
    }

    private static long positiveMillis(String key, String value) {
        try {
            long millis = Long.parseLong(value);
            if (millis > 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "a positive number of milliseconds");
    }

    private static ChildMode childMode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "per-test" -> ChildMode.PER_TEST;
            case "per-class" -> ChildMode.PER_CLASS;
            default -> throw invalid(CHILD, value, "per-test or per-class");
        };
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "true or false");
        };
    }

    private static <E extends Enum<E>> E constant(String key, String value, Class<E> type) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" or "));
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, allowed);
        }
    }

    private static ExtensionConfigurationException invalid(String key, String value, String allowed) {
        return new ExtensionConfigurationException(
                "the tracedffi configuration parameter " + key + " must be " + allowed + ", not '" + value + "'");
    }
}
