package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.supervisor.Coverage.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tracedffi.supervisor.Coverage.read;
import static dev.tracedffi.supervisor.Coverage.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Syscalls on arena buffers inside traced calls, against the real kernel: they must work (the child
 * checks) and the kernel's accesses must be the events, attributed to the syscall instruction.
 */
@ExtendWith(RequiresTracing.class)
class SyscallTracingTest {

    private static final String LIBRARY = System.getProperty("tracedffi.test.library", "");
    private static ChildExit exit;

    @BeforeAll
    static void runScenarios() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        exit = run(Duration.ofMinutes(2));
        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.exitCode()).as("child exit code; stderr:\n%s", exit.stderr()).isZero();
    }

    private static ChildExit run(Duration timeout, String... args) throws InterruptedException {
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("-Dtracedffi.test.library=" + LIBRARY);
        return Supervisor.run(ChildSpec.of(SyscallScenarios.class.getName(), args)
                .withJvmOptions(jvm).withTimeout(timeout));
    }

    private static CallRecord call(String name) {
        List<CallRecord> calls = exit.calls().stream().filter(c -> c.name().equals(name)).toList();
        assertThat(calls).as(name).hasSize(1);
        assertThat(calls.get(0).ending()).isEqualTo(CallRecord.Ending.COMPLETED);
        return calls.get(0);
    }

    /** Every event of the call comes from a syscall instruction of libc, and no warning was raised. */
    private static void fromLibcSyscalls(CallRecord call) {
        assertThat(call.warnings()).as(call.name()).isEmpty();
        assertThat(call.events().accEvents()).as(call.name()).isNotEmpty().allSatisfy(event ->
                assertThat(call.instructions().get(event.ip())).startsWith("libc.so.6!"));
    }

    @Test
    void readFromAFileWritesExactlyTheBytesRead() {
        CallRecord call = call("read file");
        assertThat(written(call, "read file/buf")).containsExactly(new Span(0, SyscallScenarios.FILE_SIZE));
        assertThat(read(call, "read file/buf")).isEmpty();
        fromLibcSyscalls(call);
    }

    @Test
    void readFromAPipe() {
        CallRecord call = call("read pipe");
        assertThat(written(call, "read pipe/buf")).containsExactly(new Span(0, 300));
        assertThat(read(call, "read pipe/buf")).isEmpty();
        fromLibcSyscalls(call);
    }

    @Test
    void readvReadsTheIovecsAndFillsBothBuffers() {
        CallRecord call = call("readv");
        assertThat(read(call, "readv/iov")).containsExactly(new Span(0, 32));
        assertThat(written(call, "readv/iov")).isEmpty();
        assertThat(written(call, "readv/a")).containsExactly(new Span(0, 40));
        assertThat(written(call, "readv/b")).containsExactly(new Span(0, 60));
        fromLibcSyscalls(call);
    }

    @Test
    void writeToDevNullReadsTheBuffer() {
        CallRecord call = call("write devnull");
        assertThat(read(call, "write devnull/buf")).containsExactly(new Span(0, 200));
        assertThat(written(call, "write devnull/buf")).isEmpty();
        fromLibcSyscalls(call);
    }

    @Test
    void writeToAPipeReadsTheBuffer() {
        CallRecord call = call("write pipe");
        assertThat(read(call, "write pipe/buf")).containsExactly(new Span(0, 500));
        assertThat(written(call, "write pipe/buf")).isEmpty();
        fromLibcSyscalls(call);
    }

    @Test
    void getrandomFillsTheBuffer() {
        CallRecord call = call("getrandom");
        assertThat(written(call, "getrandom/buf")).containsExactly(new Span(0, 64));
        fromLibcSyscalls(call);
    }

    @Test
    void clockGettimeFillsTheTimespec() {
        CallRecord call = call("clock_gettime");
        assertThat(written(call, "clock_gettime/ts")).containsExactly(new Span(0, 16));
        fromLibcSyscalls(call);
    }

    @Test
    void statReadsThePathAndFillsTheStruct() {
        CallRecord call = call("stat");
        long pathSize = Coverage.buffer(call, "stat/path").range().size();
        assertThat(read(call, "stat/path")).containsExactly(new Span(0, pathSize));
        assertThat(written(call, "stat/path")).isEmpty();
        assertThat(written(call, "stat/st")).containsExactly(new Span(0, 144));
        fromLibcSyscalls(call);
    }

    @Test
    void aBufferOutsideTheArenaIsNoEvent() {
        CallRecord call = call("outside arena");
        assertThat(call.events().accEvents()).isEmpty();
        assertThat(call.warnings()).isEmpty();
    }

    @Test
    void anUnknownSyscallWorksAndIsAnUncertainAccessOfItsPages() {
        CallRecord call = call("unknown syscall");
        long mask = Coverage.buffer(call, "unknown syscall/mask").range().addr();
        List<AccessEvent> events = call.events().accEvents();
        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(event -> assertThat(event.range().contains(mask)).isTrue());
        assertThat(events).filteredOn(e -> e instanceof AccessEvent.Read).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof AccessEvent.Write w && !w.certain()).hasSize(1);
        assertThat(call.warnings()).singleElement().asString()
                .contains("sched_getaffinity", "argument 3", "uncertain");
    }

    @Test
    void untrackedSyscallsAreNoEvents() {
        List<CallRecord> calls = exit.calls().stream().filter(c -> c.name().startsWith("getpid x")).toList();
        assertThat(calls).hasSize(10).allSatisfy(call -> {
            assertThat(call.events().accEvents()).isEmpty();
            assertThat(call.warnings()).isEmpty();
        });
    }

    @Test
    void aCallBlockedInASyscallOnTheArenaTimesOutWithItsLocation() throws InterruptedException {
        ChildExit blocked = run(Duration.ofSeconds(4), "block");
        assertThat(blocked.timedOut()).isTrue();
        assertThat(blocked.hangLocation()).hasValueSatisfying(where -> assertThat(where).contains("read"));
        assertThat(blocked.calls()).singleElement().satisfies(call -> {
            assertThat(call.ending()).isEqualTo(CallRecord.Ending.TIMED_OUT);
            assertThat(call.events().accEvents()).isEmpty();
        });
    }
}
