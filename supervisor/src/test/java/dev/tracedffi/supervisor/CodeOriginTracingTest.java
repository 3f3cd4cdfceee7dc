package dev.tracedffi.supervisor;

import dev.tracedffi.supervisor.Coverage.Span;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static dev.tracedffi.supervisor.Coverage.read;
import static dev.tracedffi.supervisor.Coverage.written;
import static dev.tracedffi.supervisor.ScenarioChild.assertCleanExit;
import static dev.tracedffi.supervisor.ScenarioChild.completedCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native code outside every library file (issue 13): machine code generated into an anonymous
 * executable page and the vDSO are native code, so their accesses are the call's events. Only
 * libjvm.so, jffi's stubs and the JVM's code heap are JVM code. Under both strategies.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class CodeOriginTracingTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void generatedMachineCodeReadsAreEvents(Strategy strategy) throws InterruptedException {
        ChildExit exit = ScenarioChild.run(CodeOriginScenarios.class, strategy, TIMEOUT, "generated-code");
        assertCleanExit(exit);
        assertThat(exit.calls()).hasSameSizeAs(CodeOriginScenarios.GENERATED_CALLS);
        for (String name : CodeOriginScenarios.GENERATED_CALLS) {
            CallRecord call = completedCall(exit, name);
            assertThat(read(call, "buf")).as("%s; warnings %s", name, call.warnings()).containsExactly(new Span(0, CodeOriginScenarios.SUM_BYTES));
            assertThat(written(call, "buf")).as(name).isEmpty();
            assertThat(call.events().accEvents()).as(name).hasSize(CodeOriginScenarios.SUM_BYTES).allSatisfy(e -> {
                assertThat(e.range().size()).isEqualTo(1);
                assertThat(call.instructions().get(e.ip())).as("where the read was made").startsWith("anonymous");
            });
        }
    }

    /** glibc calls the vDSO for both here (see codeorigins.c), which stores the 16 bytes from user space. */
    @ParameterizedTest
    @EnumSource(Strategy.class)
    void vdsoTimeFunctionsWriteExactlyTheirStruct(Strategy strategy) throws InterruptedException {
        ChildExit exit = ScenarioChild.run(CodeOriginScenarios.class, strategy, TIMEOUT, "vdso");
        assertCleanExit(exit);
        assertThat(exit.calls()).hasSize(2);
        wroteExactlyFromTheVdso(completedCall(exit, "clock_gettime"), "ts");
        wroteExactlyFromTheVdso(completedCall(exit, "gettimeofday"), "tv");
    }

    private static void wroteExactlyFromTheVdso(CallRecord call, String struct) {
        assertThat(written(call, struct)).as("%s; warnings %s", call.name(), call.warnings()).containsExactly(new Span(0, 16));
        assertThat(read(call, struct)).as(call.name()).isEmpty();
        assertThat(call.events().accEvents()).as(call.name()).allSatisfy(e ->
                assertThat(call.instructions().get(e.ip())).as("where the write was made").startsWith("[vdso]"));
    }
}
