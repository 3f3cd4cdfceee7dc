package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Native code that leaves a background process behind: the child still ends at once, and takes it along. */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class BackgroundProcessTest {

    private static final String MARKER = "tracedffi-background-" + ProcessHandle.current().pid();

    /** Starts a background sleep through system(3), inside a traced call and outside one, then returns. */
    public static final class StartsBackgroundSleep {
        public interface LibC {
            int system(String command);
        }

        public static void main(String[] args) {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            // the shell stays (its last command is not the sleep) and carries the marker in its command line
            String command = "sh -c 'sleep 300; :' " + args[0] + " &";
            int traced = SupervisorClient.current().doFfi("system", () -> libc.system(command)).result();
            int untraced = libc.system(command);
            ScenarioSupport.check(traced == 0 && untraced == 0, "system() returned " + traced + " and " + untraced);
        }
    }

    @Test
    void aBackgroundProcessNeitherHoldsTheSessionNorOutlivesTheChild() throws InterruptedException {
        long start = System.nanoTime();
        ChildExit exit = Supervisor.run(ChildSpec.of(StartsBackgroundSleep.class.getName(), MARKER)
                .withTimeout(Duration.ofSeconds(60)).withOutput(line -> { }, line -> { }));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.timedOut()).isFalse();
        assertThat(exit.exitCode()).as(exit.stderrTail(20)).isZero();
        assertThat(exit.calls()).singleElement().satisfies(call -> assertThat(call.ending()).isEqualTo(CallRecord.Ending.COMPLETED));
        assertThat(took).as("the session ends with the child, not with its background processes").isLessThan(Duration.ofSeconds(20));
        assertThat(backgroundSleeps()).as("background processes left running").isEmpty();
    }

    private static List<String> backgroundSleeps() throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(command -> command.contains(MARKER)).collect(Collectors.toList());
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(20); // SIGKILLed, not yet reaped by init
        }
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(command -> command.contains(MARKER)).collect(Collectors.toList());
    }
}
