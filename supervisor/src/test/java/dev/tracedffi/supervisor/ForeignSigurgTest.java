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
 * A SIGURG the child sends itself is not the end marker (issue 13): Go's runtime preempts its threads
 * with tgkill(getpid(), tid, SIGURG). It is delivered to the handler native code installed, and the
 * call stays traced: the accesses after it are events. Under both strategies.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class ForeignSigurgTest {

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void sigurgFromNativeCodeReachesItsHandlerAndTheCallStaysTraced(Strategy strategy) throws InterruptedException {
        ChildExit exit = ScenarioChild.run(SigurgScenarios.class, strategy, Duration.ofMinutes(1));
        assertCleanExit(exit);
        assertThat(exit.calls()).hasSize(1);
        CallRecord call = completedCall(exit, "sigurg_then_sum");
        assertThat(read(call, "buf")).containsExactly(new Span(0, SigurgScenarios.BYTES));
        assertThat(written(call, "buf")).isEmpty();
        assertThat(call.events().accEvents()).hasSize(SigurgScenarios.BYTES);
    }
}
