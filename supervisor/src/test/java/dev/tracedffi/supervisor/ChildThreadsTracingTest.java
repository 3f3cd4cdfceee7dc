package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.Coverage.Span;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static dev.tracedffi.supervisor.Coverage.read;
import static dev.tracedffi.supervisor.Coverage.written;
import static dev.tracedffi.supervisor.EventThreads.READS;
import static dev.tracedffi.supervisor.EventThreads.WRITES;
import static dev.tracedffi.supervisor.ScenarioChild.assertCleanExit;
import static dev.tracedffi.supervisor.ScenarioChild.completedCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads other than the calling one touch tracked memory during traced calls (issue 13): every
 * thread of the child is traced for the call, whether it was started before the call or inside it,
 * and its accesses are the call's events. Real pthreads, real libgomp, under both strategies.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class ChildThreadsTracingTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static ChildExit run(Strategy strategy, String scenario) throws InterruptedException {
        return ScenarioChild.run(ThreadScenarios.class, strategy, TIMEOUT, scenario);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void anOpenMpTeamReadsTheWholeBufferInEachOfThreeCalls(Strategy strategy) throws InterruptedException {
        ChildExit exit = run(strategy, "openmp");
        assertCleanExit(exit);
        assertThat(exit.calls()).hasSize(ThreadScenarios.OMP_CALLS);
        for (int k = 1; k <= ThreadScenarios.OMP_CALLS; k++) {
            CallRecord call = completedCall(exit, ThreadScenarios.ompCall(k));
            assertThat(read(call, "buf")).as(call.name()).containsExactly(new Span(0, 4L * ThreadScenarios.OMP_INTS));
            assertThat(written(call, "buf")).as(call.name()).isEmpty();
            assertThat(call.events().accEvents()).as(call.name()).hasSize(ThreadScenarios.OMP_INTS)
                    .allSatisfy(e -> assertThat(e.range().size()).isEqualTo(4));
            // the calling thread is the team's master; the other shares are read by libgomp's pool threads
            EventThreads.of(call, "buf", READS).ifPresent(tids ->
                    assertThat(tids).as(call.name()).hasSize(3).contains(call.info().tid()));
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aWorkerStartedBeforeTheCallsWritesForThem(Strategy strategy) throws InterruptedException {
        ChildExit exit = run(strategy, "worker");
        assertCleanExit(exit);
        assertThat(exit.calls()).hasSize(ThreadScenarios.WORKER_VALUES.length);
        for (int value : ThreadScenarios.WORKER_VALUES) {
            CallRecord call = completedCall(exit, ThreadScenarios.workerCall(value));
            assertThat(written(call, "buf")).as(call.name()).containsExactly(new Span(0, 4L * ThreadScenarios.WORKER_INTS));
            assertThat(read(call, "buf")).as(call.name()).isEmpty();
            assertThat(call.events().accEvents()).as(call.name()).hasSize(ThreadScenarios.WORKER_INTS);
            EventThreads.of(call, "buf", WRITES).ifPresent(tids ->
                    assertThat(tids).as(call.name()).singleElement().isNotEqualTo(call.info().tid()));
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void threadsThatExitInsideTheCallAreTracedAndReaped(Strategy strategy) throws InterruptedException {
        ChildExit exit = run(strategy, "exiting-threads");
        assertCleanExit(exit);
        CallRecord call = completedCall(exit, "write_from_exiting_threads");
        int n = ThreadScenarios.EXITING_BYTES;
        assertThat(written(call, "buf")).containsExactly(new Span(0, n));
        assertThat(read(call, "buf")).containsExactly(new Span(0, n));
        assertThat(call.events().accEvents()).hasSize(2 * n).allSatisfy(e -> assertThat(e.range().size()).isEqualTo(1));
        EventThreads.of(call, "buf", WRITES).ifPresent(tids ->
                assertThat(tids).hasSize(2).doesNotContain(call.info().tid()));
        EventThreads.of(call, "buf", READS).ifPresent(tids -> assertThat(tids).containsExactly(call.info().tid()));
    }

    static Stream<Arguments> readerStarts() {
        return Stream.of(Strategy.values()).flatMap(strategy -> Stream.of(
                Arguments.of(strategy, "reader-started-before-the-call", "reader_feed"),
                Arguments.of(strategy, "reader-started-inside-the-call", "read_while_touching")));
    }

    /**
     * A thread asleep in read(2) into "dst" must neither leave dst's page open while it blocks (the
     * calling thread's writes to "other", on the same page, would go unseen) nor have it closed under
     * it (its read would fail with EFAULT).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("readerStarts")
    void aReadBlockedInOneThreadAndWritesOfAnotherOnItsPageAreAllEvents(Strategy strategy, String scenario,
                                                                         String callName) throws InterruptedException {
        ChildExit exit = run(strategy, scenario);
        assertCleanExit(exit);
        CallRecord call = completedCall(exit, callName);
        AccessRange dst = Coverage.buffer(call, "dst").range();
        AccessRange other = Coverage.buffer(call, "other").range();
        assertThat(dst.addr() >> 12).as("dst and other share a page").isEqualTo(other.addr() >> 12);
        assertThat(written(call, "dst")).containsExactly(new Span(0, ThreadScenarios.PIPE_BYTES));
        assertThat(read(call, "dst")).isEmpty();
        List<AccessEvent> dstWrites = call.events().accEvents().stream()
                .filter(e -> e instanceof AccessEvent.Write && e.range().overlaps(dst)).toList();
        assertThat(dstWrites).as("the read's one write").singleElement()
                .satisfies(e -> assertThat(call.instructions().get(e.ip())).startsWith("libc.so.6!"));
        assertThat(written(call, "other")).as("the calling thread's writes to other, on the page of the blocked read's dst")
                .containsExactly(new Span(0, ThreadScenarios.OTHER_BYTES));
        assertThat(read(call, "other")).isEmpty();
        EventThreads.of(call, "dst", WRITES).ifPresent(tids ->
                assertThat(tids).singleElement().isNotEqualTo(call.info().tid()));
        EventThreads.of(call, "other", WRITES).ifPresent(tids ->
                assertThat(tids).containsExactly(call.info().tid()));
    }
}
