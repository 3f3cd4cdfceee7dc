package dev.tracedffi.junit;

import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.TracingSupport;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * Whether this run can trace (the platform probe, unless {@value TracedFfiConfiguration#SIMULATE_UNAVAILABLE}
 * says otherwise), and what that makes of a traced test in the test JVM: traced, run untraced in isolation
 * mode, or disabled with the reason, the way Testcontainers' {@code disabledWithoutDocker} does.
 */
final class TracingCondition {

    static final TracingCondition PROBED = new TracingCondition(Supervisor::tracingSupport);

    private final Supplier<TracingSupport> probe;

    TracingCondition(Supplier<TracingSupport> probe) {
        this.probe = probe;
    }

    TracingSupport support(TracedFfiConfiguration run) {
        return run.simulatedUnavailability().map(TracingSupport::unsupported).orElseGet(probe);
    }

    /** Whether a traced test's child is traced, rather than only isolated. */
    boolean traced(TracedFfiConfiguration run) {
        return run.mode() == TracedFfiConfiguration.Mode.TRACE && support(run).available();
    }

    /**
     * Decided for each context with a test method: a test, a test template (a parameterized or repeated
     * test) and a test factory. Disabling the template or factory keeps its invocations or dynamic tests
     * from being made at all (Jupiter never evaluates conditions for dynamic tests). Classes are left
     * enabled: each of their tests is reported as disabled with the reason.
     */
    ConditionEvaluationResult evaluate(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("tracedffi decides for each test method");
        }
        TracedFfiConfiguration run = TracedFfiConfiguration.of(context);
        TracingSupport support = support(run);
        if (support.available()) {
            return ConditionEvaluationResult.enabled("tracedffi can trace here");
        }
        if (run.mode() == TracedFfiConfiguration.Mode.ISOLATE) {
            return ConditionEvaluationResult.enabled("tracedffi cannot trace here (" + support.reason()
                    + "); the test runs untraced in isolation mode");
        }
        return ConditionEvaluationResult.disabled("tracedffi cannot trace here: " + support.reason()
                + " (set the configuration parameter " + TracedFfiConfiguration.MODE
                + "=isolate to run such tests untraced)");
    }
}
