package dev.tracedffi.supervisor;

import dev.tracedffi.child.TracedArena;
import dev.tracedffi.supervisor.Coverage.Span;
import org.junit.jupiter.api.Test;
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
 * The tracer off its common path (issue 14): an asynchronous signal arriving while it steps an
 * instruction, a rep string instruction running out of tracked memory, a relocated instruction that
 * faults on a wild pointer, a traced call started from a Java callback of a traced call.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class FaultPathsTest {

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void sigprofWhileTheTracerStepsAccessesReachesItsHandlerAndNoAccessIsLost(Strategy strategy)
            throws InterruptedException {
        ChildExit exit = ScenarioChild.run(FaultPathScenarios.class, strategy, Duration.ofMinutes(3), "sigprof");
        assertCleanExit(exit);
        assertThat(exit.stderr()).containsPattern("sigprofs handled: [1-9]");
        CallRecord call = completedCall(exit, "sum_under_sigprof");
        assertThat(read(call, "buf")).containsExactly(new Span(0, FaultPathScenarios.SUMMED_BYTES));
        assertThat(written(call, "buf")).isEmpty();
        assertThat(call.events().accEvents()).hasSize(FaultPathScenarios.SUMMED_BYTES * FaultPathScenarios.SUM_ROUNDS);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aRepStringInstructionThatRunsOutOfTrackedMemoryIsANativeCrash(Strategy strategy) throws InterruptedException {
        ChildExit exit = ScenarioChild.run(FaultPathScenarios.class, strategy, Duration.ofMinutes(1), "memset-past-arena");
        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.crash()).hasValueSatisfying(crash -> {
            assertThat(crash.signal()).isEqualTo(11);
            assertThat(crash.location()).startsWith("libc.so.6");
            assertThat(crash.instruction()).startsWith("rep stos byte ptr es:[rdi], al");
            assertThat(crash.callName()).isEqualTo("memset");
        });
        assertThat(exit.calls()).singleElement().satisfies(call -> {
            assertThat(call.ending()).isEqualTo(CallRecord.Ending.CRASHED);
            // the iterations before the fault wrote the buffer, the redzone after it and the rest of the arena
            assertThat(written(call, "buf")).as("the bytes written before the crash")
                    .containsExactly(new Span(0, 4000 + TracedArena.REDZONE));
        });
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aCopyFromTrackedMemoryToAWildPointerIsANativeCrashAtTheOriginalInstruction(Strategy strategy)
            throws InterruptedException {
        ChildExit exit = ScenarioChild.run(FaultPathScenarios.class, strategy, Duration.ofMinutes(1), "memcpy-to-wild");
        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.jvmFatalError()).as("HotSpot must not see the fault").isEmpty();
        assertThat(exit.crash()).hasValueSatisfying(crash -> {
            assertThat(crash.signal()).isEqualTo(11);
            assertThat(crash.faultAddress()).isBetween(FaultPathScenarios.WILD_ADDRESS,
                    FaultPathScenarios.WILD_ADDRESS + FaultPathScenarios.COPIED_BYTES);
            assertThat(crash.location()).as("the instruction in libc, not its copy in the scratch area")
                    .startsWith("libc.so.6");
            assertThat(crash.callName()).isEqualTo("memcpy");
        });
    }

    @Test
    void aTracedCallFromAJavaCallbackOfATracedCallIsRefusedAndTheChildGoesOn() throws InterruptedException {
        ChildExit exit = ScenarioChild.run(FaultPathScenarios.class, Strategy.configured(), Duration.ofMinutes(1),
                "nested-call");
        assertCleanExit(exit);
        assertThat(exit.stderr()).contains("refused: traced call `inner` started inside another traced call on "
                + "the same thread (from a Java callback of native code): traced calls cannot nest");
        assertThat(exit.calls()).extracting(CallRecord::name).containsExactly("qsort", "memset");
        CallRecord sorted = completedCall(exit, "qsort");
        // glibc's qsort reads the elements (and, with wide loads, the redzones around them)
        assertThat(read(sorted, "values")).anySatisfy(span -> assertThat(span.from() <= 0 && span.to() >= 8).isTrue());
        assertThat(completedCall(exit, "memset").ending()).isEqualTo(CallRecord.Ending.COMPLETED);
    }
}
