package dev.tracedffi.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The test side of a scenario main: runs it in a traced child with the test library, and finds its calls. */
final class ScenarioChild {

    static final String LIBRARY = System.getProperty("tracedffi.test.library", "");

    private ScenarioChild() {
    }

    /** Runs {@code main} with {@code args} in a child traced with {@code strategy}; skipped without the test library. */
    static ChildExit run(Class<?> main, Strategy strategy, Duration timeout, String... args) throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("-Dtracedffi.test.library=" + LIBRARY);
        return Supervisor.run(ChildSpec.of(main.getName(), args)
                .withJvmOptions(jvm).withTimeout(timeout).withStrategy(strategy));
    }

    /** The child ended by itself with exit code 0 and the supervisor saw nothing wrong. */
    static void assertCleanExit(ChildExit exit) {
        List<String> calls = exit.calls().stream().map(c -> c.name() + ": " + c.ending()).toList();
        assertThat(exit.supervisorError()).as("supervisor error; calls %s; child stderr:\n%s", calls, exit.stderr())
                .isEmpty();
        assertThat(exit.timedOut()).as("timed out; calls %s; hang location %s", calls, exit.hangLocation()).isFalse();
        assertThat(exit.exitCode()).as("child exit code; calls %s; child stderr:\n%s", calls, exit.stderr()).isZero();
    }

    /** The one call named {@code name}, which completed. */
    static CallRecord completedCall(ChildExit exit, String name) {
        List<CallRecord> calls = exit.calls().stream().filter(c -> c.name().equals(name)).toList();
        assertThat(calls).as("calls named %s among %s", name, exit.calls().stream().map(CallRecord::name).toList())
                .hasSize(1);
        assertThat(calls.get(0).ending()).as(name).isEqualTo(CallRecord.Ending.COMPLETED);
        return calls.get(0);
    }
}
