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
 * Pointers the kernel follows indirectly (issue 13): a msghdr on the C stack whose iovec points into
 * the arena, so no syscall argument is a tracked address, must still reach the buffer and be recorded.
 * Under both strategies.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class SocketMessageTracingTest {

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void msghdrIovecsReachTheArenaAndAreEvents(Strategy strategy) throws InterruptedException {
        ChildExit exit = ScenarioChild.run(SocketMessageScenarios.class, strategy, Duration.ofMinutes(1));
        assertCleanExit(exit);
        assertThat(exit.calls()).hasSize(3);
        Span message = new Span(0, SocketMessageScenarios.MESSAGE);

        CallRecord recvmsg = completedCall(exit, "recvmsg");
        assertThat(written(recvmsg, "recvmsg/buf")).containsExactly(message);
        assertThat(read(recvmsg, "recvmsg/buf")).isEmpty();
        fromLibc(recvmsg);

        CallRecord iov = completedCall(exit, "recvmsg iov");
        assertThat(read(iov, "recvmsg iov/iov")).containsExactly(new Span(0, 16));
        assertThat(written(iov, "recvmsg iov/iov")).isEmpty();
        assertThat(written(iov, "recvmsg iov/buf")).containsExactly(message);
        fromLibc(iov);

        CallRecord sendmsg = completedCall(exit, "sendmsg");
        assertThat(read(sendmsg, "sendmsg/buf")).containsExactly(message);
        assertThat(written(sendmsg, "sendmsg/buf")).isEmpty();
        fromLibc(sendmsg);
    }

    /** Every event comes from libc's syscall instruction, and nothing was left uncertain. */
    private static void fromLibc(CallRecord call) {
        assertThat(call.warnings()).as(call.name()).isEmpty();
        assertThat(call.events().accEvents()).as(call.name()).allSatisfy(event ->
                assertThat(call.instructions().get(event.ip())).startsWith("libc.so.6!"));
    }
}
