package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
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
    }

    /** Ends itself the way args[0] says, with the number args[1]. */
    public static final class Ends {
        public static void main(String[] args) throws InterruptedException {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            int n = Integer.parseInt(args[1]);
            switch (args[0]) {
                case "system-exit" -> System.exit(n);
                case "halt" -> Runtime.getRuntime().halt(n);
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
                case "kill-itself" -> libc.kill(libc.getpid(), n);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
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
