package dev.tracedffi.supervisor;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A child whose JVM aborts where the tracer did not see it coming: the JVM's own account comes back. */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class FatalErrorLogTest {

    private static final String LIBRARY = System.getProperty("tracedffi.test.library", "");

    /** Dereferences NULL in native code outside any traced call: HotSpot writes hs_err and aborts. */
    public static final class UntracedCrash {
        public interface Tracee {
            int deref_null(Pointer unused);
        }

        public static void main(String[] args) {
            LibraryLoader.create(Tracee.class).load(System.getProperty("tracedffi.test.library")).deref_null(null);
        }
    }

    @Test
    void anUntracedNativeCrashReportsTheJvmsFatalErrorSummary() throws InterruptedException {
        assumeTrue(Files.exists(Path.of(LIBRARY)), "the test library was not built (no C compiler?): " + LIBRARY);
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("-Dtracedffi.test.library=" + LIBRARY);
        ChildExit exit = Supervisor.run(ChildSpec.of(UntracedCrash.class.getName()).withJvmOptions(jvm)
                .withTimeout(Duration.ofSeconds(60)).withOutput(line -> { }, line -> { }));
        assertThat(exit.signal()).as("HotSpot aborts after writing the log").hasValue(6);
        assertThat(exit.crash()).as("not inside a traced call").isEmpty();
        assertThat(exit.jvmFatalError()).hasValueSatisfying(summary -> assertThat(summary)
                .contains("SIGSEGV", "pc=", "problematic frame:", "libtracee.so", "deref_null", "Current thread"));
    }
}
