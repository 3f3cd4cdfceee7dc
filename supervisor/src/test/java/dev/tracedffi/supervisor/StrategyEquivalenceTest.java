package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole native test corpus (the libc matrix on both glibc paths, every C library scenario that
 * ends by itself) under both strategies: displaced execution must not change a single event. Each
 * scenario runs in two children, so addresses are compared relative to the arena and instructions by
 * their symbolized location (both are randomised per process).
 */
@ExtendWith(RequiresTracing.class)
class StrategyEquivalenceTest {

    private static final String LIBRARY = System.getProperty("tracedffi.test.library", "");

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("libc-matrix", ""));
        cases.add(Arguments.of("libc-matrix", SupervisorTracingTest.VECTOR_TUNABLES));
        for (String scenario : List.of("increment", "fill_ints", "init_partially", "swap_pair", "off_by_one",
                "thread_write", "read_indirect", "cas", "callback", "deref_null", "exit3", "abort")) {
            cases.add(Arguments.of(scenario, ""));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} GLIBC_TUNABLES=''{1}''")
    @MethodSource("corpus")
    void displacedExecutionRecordsExactlyWhatSingleSteppingRecords(String scenario, String tunables)
            throws InterruptedException {
        assumeTrue(scenario.startsWith("libc") || Files.exists(Path.of(LIBRARY)), "the test library was not built");
        Map<String, String> env = tunables.isEmpty() ? Map.of() : Map.of("GLIBC_TUNABLES", tunables);
        ChildExit singleStepped = SupervisorTracingTest.run(Strategy.SINGLESTEP, Duration.ofMinutes(5), env, scenario);
        ChildExit displaced = SupervisorTracingTest.run(Strategy.DISPLACED, Duration.ofMinutes(5), env, scenario);

        assertThat(displaced.supervisorError()).isEqualTo(singleStepped.supervisorError());
        assertThat(displaced.exitCode()).as("stderr:\n%s", displaced.stderr()).isEqualTo(singleStepped.exitCode());
        assertThat(displaced.signal()).isEqualTo(singleStepped.signal());
        assertThat(displaced.crash().isPresent()).isEqualTo(singleStepped.crash().isPresent());
        assertThat(displaced.calls()).hasSameSizeAs(singleStepped.calls()).isNotEmpty();
        for (int i = 0; i < displaced.calls().size(); i++) {
            CallRecord expected = singleStepped.calls().get(i);
            CallRecord actual = displaced.calls().get(i);
            assertThat(actual.name()).isEqualTo(expected.name());
            assertThat(actual.ending()).as(actual.name()).isEqualTo(expected.ending());
            assertThat(actual.warnings()).as(actual.name()).hasSameSizeAs(expected.warnings());
            assertThat(portable(actual)).as(actual.name()).containsExactlyElementsOf(portable(expected));
        }
    }

    /** The call's events in order, with addresses relative to the arena and instructions symbolized. */
    private static List<String> portable(CallRecord call) {
        long arena = call.info().pagePtrs().isEmpty() ? 0 : Collections.min(call.info().pagePtrs());
        List<String> events = new ArrayList<>();
        for (AccessEvent event : call.events().accEvents()) {
            String kind = event instanceof AccessEvent.Write write ? (write.certain() ? "W" : "W?") : "R";
            String where = call.instructions().getOrDefault(event.ip(), "page offset 0x" + Long.toHexString(event.ip() & 0xfff));
            events.add(kind + " +" + (event.range().addr() - arena) + " " + event.range().size() + " " + where);
        }
        return events;
    }
}
