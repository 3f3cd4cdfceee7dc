package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.supervisor.Coverage.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.tracedffi.supervisor.Coverage.nonVectorOverReads;
import static dev.tracedffi.supervisor.Coverage.read;
import static dev.tracedffi.supervisor.Coverage.strayEvents;
import static dev.tracedffi.supervisor.Coverage.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real child JVMs, real ptrace, real libc and a real C library: the events must be the truth. */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class SupervisorTracingTest {

    private static final String LIBRARY = System.getProperty("tracedffi.test.library", "");

    static ChildExit run(Duration timeout, Map<String, String> extraEnv, String... args) throws InterruptedException {
        return run(Strategy.configured(), timeout, extraEnv, args);
    }

    static ChildExit run(Strategy strategy, Duration timeout, Map<String, String> extraEnv, String... args)
            throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("-Dtracedffi.test.library=" + LIBRARY);
        return Supervisor.run(ChildSpec.of(TraceeScenarios.class.getName(), args)
                .withJvmOptions(jvm).withEnvironment(env).withTimeout(timeout).withStrategy(strategy));
    }

    static final String VECTOR_TUNABLES =
            "glibc.cpu.x86_rep_stosb_threshold=0x1000000:glibc.cpu.x86_rep_movsb_threshold=0x1000000";

    static ChildExit runTracee(String scenario) throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        return run(Duration.ofSeconds(60), Map.of(), scenario);
    }

    static CallRecord onlyCall(ChildExit exit) {
        assertThat(exit.calls()).hasSize(1);
        return exit.calls().get(0);
    }

    static void assertCleanExit(ChildExit exit) {
        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.exitCode()).as("child exit code; stderr:\n%s", exit.stderr()).isZero();
    }

    @ParameterizedTest(name = "GLIBC_TUNABLES=''{0}''")
    @ValueSource(strings = {"", VECTOR_TUNABLES})
    void libcFunctionsTouchExactlyWhatTheyMust(String tunables) throws InterruptedException {
        ChildExit exit = run(Duration.ofMinutes(5), tunables.isEmpty() ? Map.of() : Map.of("GLIBC_TUNABLES", tunables),
                "libc-matrix");
        assertCleanExit(exit);
        int cases = TraceeScenarios.LIBC_FUNCTIONS.size() * TraceeScenarios.SIZES.length * TraceeScenarios.SKEWS.length;
        assertThat(exit.calls()).hasSize(cases + 1);
        for (CallRecord call : exit.calls()) {
            assertThat(call.ending()).isEqualTo(CallRecord.Ending.COMPLETED);
            assertThat(strayEvents(call)).as("%s: events outside every buffer's pages", call.name()).isEmpty();
            checkLibcCall(call);
        }
    }

    private static void checkLibcCall(CallRecord call) {
        String name = call.name();
        if (name.equals("memmove overlap")) {
            assertThat(written(call, "overlap buf")).as(name).containsExactly(new Span(8, 4096 + 8));
            assertThat(read(call, "overlap buf")).as(name).containsExactly(new Span(0, 4096));
            return;
        }
        String[] parts = name.split(" ");
        String function = parts[0];
        long n = Long.parseLong(parts[1].substring(2));
        long skew = Long.parseLong(parts[2].substring(5));
        Span range = new Span(skew, skew + n);
        switch (function) {
            case "memset" -> {
                assertThat(written(call, name + " dst")).as(name).containsExactly(range);
                assertThat(read(call, name + " dst")).as(name).isEmpty();
            }
            case "memcpy", "memmove" -> {
                assertThat(written(call, name + " dst")).as(name).containsExactly(range);
                assertThat(written(call, name + " src")).as(name).isEmpty();
                assertThat(read(call, name + " src")).as(name).contains(range);
                assertThat(nonVectorOverReads(call, name + " src", skew, skew + n)).as(name).isEmpty();
            }
            case "strlen" -> {
                assertThat(written(call, name + " s")).as(name).isEmpty();
                assertThat(read(call, name + " s")).as(name).anyMatch(s -> s.from() <= skew && s.to() >= skew + n + 1);
                assertThat(nonVectorOverReads(call, name + " s", skew, skew + n + 1)).as(name).isEmpty();
            }
            case "memcmp" -> {
                for (String buffer : List.of(" a", " b")) {
                    assertThat(written(call, name + buffer)).as(name).isEmpty();
                    assertThat(read(call, name + buffer)).as(name).anyMatch(s -> s.from() <= skew && s.to() >= skew + n);
                    assertThat(nonVectorOverReads(call, name + buffer, skew, skew + n)).as(name).isEmpty();
                }
            }
            default -> throw new AssertionError("unexpected call " + name);
        }
    }

    @Test
    void incrementReadsAndWritesFourBytes() throws InterruptedException {
        ChildExit exit = runTracee("increment");
        assertCleanExit(exit);
        CallRecord call = onlyCall(exit);
        assertThat(read(call, "value")).containsExactly(new Span(0, 4));
        assertThat(written(call, "value")).containsExactly(new Span(0, 4));
    }

    @Test
    void fillIntsWritesExactlyTheArray() throws InterruptedException {
        ChildExit exit = runTracee("fill_ints");
        assertCleanExit(exit);
        CallRecord call = onlyCall(exit);
        assertThat(written(call, "array")).containsExactly(new Span(0, 40));
        assertThat(read(call, "array")).isEmpty();
        assertThat(call.events().accEvents()).hasSize(10)
                .allSatisfy(e -> assertThat(((AccessEvent.Write) e).certain()).isTrue());
    }

    @Test
    void partialInitialisationLeavesTheGap() throws InterruptedException {
        ChildExit exit = runTracee("init_partially");
        assertCleanExit(exit);
        assertThat(written(onlyCall(exit), "record")).containsExactly(new Span(0, 4), new Span(8, 16));
    }

    @Test
    void swapReadsAndWritesBothPointers() throws InterruptedException {
        ChildExit exit = runTracee("swap_pair");
        assertCleanExit(exit);
        CallRecord call = onlyCall(exit);
        assertThat(read(call, "pair")).containsExactly(new Span(0, 16));
        assertThat(written(call, "pair")).containsExactly(new Span(0, 16));
    }

    @Test
    void offByOneWriteIsSeenInTheRedzone() throws InterruptedException {
        ChildExit exit = runTracee("off_by_one");
        assertCleanExit(exit);
        assertThat(written(onlyCall(exit), "buf")).containsExactly(new Span(0, 17));
    }

    @Test
    void threadStartedByTheCallIsTracedToo() throws InterruptedException {
        ChildExit exit = runTracee("thread_write");
        assertCleanExit(exit);
        assertThat(written(onlyCall(exit), "target")).containsExactly(new Span(0, 4));
    }

    @Test
    void readThroughAStoredPointer() throws InterruptedException {
        ChildExit exit = runTracee("read_indirect");
        assertCleanExit(exit);
        CallRecord call = onlyCall(exit);
        assertThat(read(call, "holder")).containsExactly(new Span(0, 8));
        assertThat(read(call, "value")).containsExactly(new Span(0, 4));
        assertThat(written(call, "holder")).isEmpty();
    }

    @Test
    void lockCmpxchgReadsAndWrites() throws InterruptedException {
        ChildExit exit = runTracee("cas");
        assertCleanExit(exit);
        CallRecord call = onlyCall(exit);
        assertThat(read(call, "value")).containsExactly(new Span(0, 8));
        assertThat(written(call, "value")).containsExactly(new Span(0, 8));
    }

    @Test
    void javaCallbackInsideTheCallWorksAndIsNotACrash() throws InterruptedException {
        ChildExit exit = runTracee("callback");
        assertCleanExit(exit);
        CallRecord call = onlyCall(exit);
        assertThat(exit.crash()).isEmpty();
        assertThat(written(call, "out")).containsExactly(new Span(0, 4));
        assertThat(read(call, "scratch")).isEmpty();
        assertThat(call.warnings()).anyMatch(w -> w.contains("accesses made by JVM code"));
    }

    @Test
    void nullDereferenceIsASymbolizedCrash() throws InterruptedException {
        ChildExit exit = runTracee("deref_null");
        assertThat(exit.crash()).hasValueSatisfying(crash -> {
            assertThat(crash.signal()).isEqualTo(11);
            assertThat(crash.faultAddress()).isZero();
            assertThat(crash.location()).startsWith("libtracee.so!deref_null+0x");
            assertThat(crash.callName()).isEqualTo("deref_null");
            assertThat(crash.render()).contains("SIGSEGV", "rax", "deref_null");
        });
        assertThat(onlyCall(exit).ending()).isEqualTo(CallRecord.Ending.CRASHED);
        assertThat(exit.signal()).hasValue(9);
    }

    @Test
    void exitInsideACallIsTheChildsExitCode() throws InterruptedException {
        ChildExit exit = runTracee("exit3");
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.reportedExitCode()).isEqualTo(3);
        assertThat(exit.crash()).isEmpty();
        assertThat(onlyCall(exit).ending()).isEqualTo(CallRecord.Ending.CHILD_DIED);
    }

    @Test
    void abortIsReportedAsSigabrt() throws InterruptedException {
        ChildExit exit = runTracee("abort");
        assertThat(exit.signal()).hasValue(6);
        assertThat(exit.crash()).isEmpty();
    }

    @Test
    void overriddenRetcodeWinsOverExitZero() throws InterruptedException {
        ChildExit exit = runTracee("override-then-exit0");
        assertThat(exit.exitCode()).isZero();
        assertThat(exit.overriddenRetcode()).hasValue(17);
        assertThat(exit.reportedExitCode()).isEqualTo(17);
    }

    @Test
    void hangIsStoppedByTheTimeoutWithItsLocation() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built");
        ChildExit exit = run(Duration.ofSeconds(10), Map.of(), "spin");
        assertThat(exit.timedOut()).isTrue();
        assertThat(exit.hangLocation()).hasValueSatisfying(where -> assertThat(where).contains("spin_forever"));
        assertThat(onlyCall(exit).ending()).isEqualTo(CallRecord.Ending.TIMED_OUT);
    }

    @Test
    void childKilledFromOutsideMidCallIsReaped() throws Exception {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built");
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(2_500);
            } catch (InterruptedException e) {
                return;
            }
            ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
        });
        killer.start();
        ChildExit exit = run(Duration.ofSeconds(30), Map.of(), "spin");
        killer.join();
        assertThat(exit.timedOut()).isFalse();
        assertThat(exit.signal()).hasValue(9);
        assertThat(onlyCall(exit).ending()).isEqualTo(CallRecord.Ending.CHILD_DIED);
    }
}
