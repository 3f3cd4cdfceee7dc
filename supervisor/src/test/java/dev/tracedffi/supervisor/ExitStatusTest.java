package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a child ended, told exactly: the JDK folds "killed by signal n" into exit code 128 + n, the exit
 * sentinel's wait status does not. Each way of ending runs in a traced and (where it can) an untraced child.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class ExitStatusTest {

    public interface LibC {
        void exit(int code);

        void abort();

        int getpid();

        int kill(int pid, int signal);

        int execv(String path, Pointer argv);
    }

    /** Ends itself the way args[0] says, with the number args[1]. */
    public static final class Ends {
        public static void main(String[] args) throws InterruptedException {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            int n = Integer.parseInt(args[1]);
            switch (args[0]) {
                case "system-exit" -> System.exit(n);
                case "halt" -> java.lang.Runtime.getRuntime().halt(n);
                case "exit-from-another-thread" -> {
                    Thread exiting = new Thread(() -> System.exit(n));
                    exiting.start();
                    exiting.join();
                }
                case "native-exit-in-call" -> SupervisorClient.current().doFfi("exit", () -> {
                    libc.exit(n);
                    return 0;
                });
                case "abort" -> libc.abort();
                case "kill-itself" -> {
                    libc.kill(libc.getpid(), n);
                    Thread.sleep(60_000); // main must not return first: the JVM would exit with 0
                }
                case "failed-exec-in-call" -> {
                    int failed = SupervisorClient.current().doFfi("execv", () -> libc.execv("/nonexistent/program",
                            argv("program"))).result();
                    int pid = SupervisorClient.current().doFfi("getpid", libc::getpid).result();
                    ScenarioSupport.check(failed == -1 && pid == ProcessHandle.current().pid(),
                            "execv returned " + failed + ", getpid " + pid);
                    System.exit(n);
                }
                case "exec-in-call" -> SupervisorClient.current().doFfi("execv", () -> libc.execv("/bin/sh",
                        argv("sh", "-c", "echo the new program runs; exit " + n)));
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    private static Pointer argv(String... args) {
        Runtime runtime = Runtime.getSystemRuntime();
        Pointer argv = Memory.allocateDirect(runtime, (args.length + 1L) * Long.BYTES, true);
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = (args[i] + "\0").getBytes(StandardCharsets.UTF_8);
            Pointer arg = Memory.allocateDirect(runtime, bytes.length);
            arg.put(0, bytes, 0, bytes.length);
            argv.putAddress((long) i * Long.BYTES, arg.address());
        }
        return argv;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "system-exit, 134", "system-exit, 137", "system-exit, 255", "system-exit, 3", "halt, 139",
            "exit-from-another-thread, 134", "native-exit-in-call, 134", "native-exit-in-call, 0"})
    void anExitCodeIsAnExitCodeWhateverItsValue(String how, int code) throws InterruptedException {
        ChildExit exit = run(how, code, true);
        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.exitCode()).as(exit.stderrTail(20)).isEqualTo(code);
        assertThat(exit.signal()).as("a signal the child was not killed by").isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"abort, 6", "kill-itself, 9", "kill-itself, 14"})
    void aSignalIsASignal(String how, int signal) throws InterruptedException {
        ChildExit exit = run(how, signal, true);
        assertThat(exit.signal()).as(exit.stderrTail(20)).isEqualTo(OptionalInt.of(signal));
        assertThat(exit.exitCode()).isEqualTo(128 + signal);
    }

    @Test
    void theJvmTurnsSigtermIntoAnExitWithCode143() throws InterruptedException {
        // HotSpot handles SIGTERM: shutdown hooks run, then the JVM calls exit(128 + 15)
        ChildExit exit = run("kill-itself", 15, true);
        assertThat(exit.exitCode()).isEqualTo(143);
        assertThat(exit.signal()).isEmpty();
    }

    @Test
    void anExecveInsideATracedCallEndsTheCallAndTheNewProgramsExitIsTheChilds() throws Exception {
        List<String> stdout = new CopyOnWriteArrayList<>();
        ChildExit exit = Supervisor.run(ChildSpec.of(Ends.class.getName(), "exec-in-call", "7")
                .withTimeout(Duration.ofSeconds(60)).withOutput(stdout::add, line -> { }));

        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.exitCode()).as(exit.stderrTail(20)).isEqualTo(7);
        assertThat(exit.signal()).isEmpty();
        assertThat(stdout).contains("the new program runs");
        assertThat(exit.calls()).singleElement().satisfies(call -> {
            assertThat(call.ending()).isEqualTo(CallRecord.Ending.EXECVE);
            assertThat(call.warnings()).anySatisfy(warning ->
                    assertThat(warning).startsWith("native code called execve(/bin/sh) in thread "));
        });
    }

    @Test
    void aFailedExecveLeavesTheChildRunningAndItsNextCallTraced() throws InterruptedException {
        ChildExit exit = run("failed-exec-in-call", 5, true);
        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.exitCode()).as(exit.stderrTail(20)).isEqualTo(5);
        assertThat(exit.calls()).extracting(CallRecord::ending)
                .containsExactly(CallRecord.Ending.EXECVE, CallRecord.Ending.COMPLETED);
        assertThat(exit.calls().get(0).warnings()).anySatisfy(warning ->
                assertThat(warning).startsWith("native code called execve(/nonexistent/program) in thread "));
    }

    @Test
    void anUntracedChildHasNoSentinelAndKeepsTheJdksReading() throws InterruptedException {
        // without tracing nothing tells 134 from SIGABRT: the JDK's number is read as a signal
        ChildExit exit = run("system-exit", 134, false);
        assertThat(exit.exitCode()).isEqualTo(134);
        assertThat(exit.signal()).isEqualTo(OptionalInt.of(6));
    }

    private static ChildExit run(String how, int n, boolean traced) throws InterruptedException {
        return Supervisor.run(ChildSpec.of(Ends.class.getName(), how, Integer.toString(n)).withTraced(traced)
                .withTimeout(Duration.ofSeconds(60)).withOutput(line -> { }, line -> { }));
    }
}
