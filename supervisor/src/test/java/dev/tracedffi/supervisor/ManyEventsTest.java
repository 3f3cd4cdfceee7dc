package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.MessageLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A traced call whose events take several frames: the child gets them all, in order, as the supervisor recorded them. */
@ExtendWith({RequiresTracing.class, NothingLeftBehind.class})
class ManyEventsTest {

    private static final String LIBRARY = System.getProperty("tracedffi.test.library", "");
    /** More writes than one frame's events, so they go in two frames. */
    private static final int WRITES = MessageLimits.MAX_EVENTS_PER_FRAME + 4_464;

    @Test
    void aCallOfMoreEventsThanOneFrameHoldsReachesTheChildWhole() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("-Dtracedffi.test.library=" + LIBRARY);
        List<String> stdout = new CopyOnWriteArrayList<>();
        ChildExit exit = Supervisor.run(ChildSpec.of(ManyEventsScenario.class.getName(), Integer.toString(WRITES))
                .withJvmOptions(jvm).withTimeout(Duration.ofMinutes(3)).withOutput(stdout::add, System.err::println));

        SupervisorTracingTest.assertCleanExit(exit);
        CallRecord call = SupervisorTracingTest.onlyCall(exit);
        long array = call.info().allocations().get(0).range().addr();
        assertThat(ManyEventsScenario.inOrder(call.events().accEvents(), array, WRITES))
                .as("the supervisor recorded %d events", call.events().accEvents().size()).isTrue();
        assertThat(stdout).contains("events " + WRITES);
    }
}
