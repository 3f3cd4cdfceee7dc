package dev.tracedffi.junit;

import dev.tracedffi.supervisor.TracingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class TracingConditionTest {

    @SuppressWarnings("unchecked")
    private final Supplier<TracingSupport> probe = mock(Supplier.class);
    private final TracingCondition condition = new TracingCondition(probe);

    private static ExtensionContext aTest(Map<String, String> parameters) {
        return new MockRun(parameters).methodContext(Tests.class, "traced");
    }

    @Test
    void whereTracingWorksTheTestIsEnabledAndTraced() {
        when(probe.get()).thenReturn(TracingSupport.supported());
        ExtensionContext context = aTest(Map.of());

        assertThat(condition.evaluate(context).isDisabled()).isFalse();
        assertThat(condition.traced(TracedFfiConfiguration.of(context))).isTrue();
    }

    @Test
    void whereTracingDoesNotWorkTheTestIsDisabledWithTheReasonAndTheWayOut() {
        when(probe.get()).thenReturn(TracingSupport.unsupported("ptrace_scope is 3"));

        ConditionEvaluationResult result = condition.evaluate(aTest(Map.of()));

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).contains("tracedffi cannot trace here: ptrace_scope is 3 "
                + "(set the configuration parameter tracedffi.mode=isolate to run such tests untraced)");
    }

    @Test
    void inIsolationModeTheTestRunsUntracedWhereTracingDoesNotWork() {
        when(probe.get()).thenReturn(TracingSupport.unsupported("ptrace_scope is 3"));
        ExtensionContext context = aTest(Map.of("tracedffi.mode", "isolate"));

        ConditionEvaluationResult result = condition.evaluate(context);

        assertThat(result.isDisabled()).isFalse();
        assertThat(result.getReason()).get().asString().contains("ptrace_scope is 3").contains("isolation mode");
        assertThat(condition.traced(TracedFfiConfiguration.of(context))).isFalse();
    }

    @Test
    void isolationModeIsUntracedEvenWhereTracingWorks() {
        when(probe.get()).thenReturn(TracingSupport.supported());
        ExtensionContext context = aTest(Map.of("tracedffi.mode", "isolate"));

        assertThat(condition.evaluate(context).isDisabled()).isFalse();
        assertThat(condition.traced(TracedFfiConfiguration.of(context))).isFalse();
    }

    @Test
    void aSimulatedUnavailabilityStandsInForTheProbe() {
        ExtensionContext context = aTest(Map.of("tracedffi.simulateUnavailable", "no ptrace on Mars"));

        ConditionEvaluationResult result = condition.evaluate(context);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).get().asString().contains("tracedffi cannot trace here: no ptrace on Mars");
        assertThat(condition.traced(TracedFfiConfiguration.of(context))).isFalse();
        verifyNoInteractions(probe);
    }

    @Test
    void aClassIsLeftEnabledForItsTestsToDecideWithoutProbing() {
        MockRun run = new MockRun(Map.of("tracedffi.simulateUnavailable", "no ptrace on Mars"));

        ConditionEvaluationResult result = condition.evaluate(run.classContext(Tests.class));

        assertThat(result.isDisabled()).isFalse();
        verifyNoInteractions(probe);
    }

    @TracedFfi
    static class Tests {
        void traced() {
        }
    }
}
