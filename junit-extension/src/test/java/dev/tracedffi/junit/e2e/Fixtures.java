package dev.tracedffi.junit.e2e;

import dev.tracedffi.junit.ExpectExit;
import dev.tracedffi.junit.ExpectSignal;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.protocol.MemEvents;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test classes the end-to-end tests run through the JUnit Platform (EngineTestKit). They are nested
 * static classes so that surefire never runs them directly.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** Records the PID of the JVM that ran a test body, to prove it was not the test JVM. */
    static final String PID_MARKER = "tracedffi-e2e pid=";

    @TracedFfi
    static class Passing {
        @Test
        void memsetWritesExactlyTheBuffer(NativeMemory memory, FfiTracer tracer) {
            System.out.println(PID_MARKER + ProcessHandle.current().pid());
            Pointer dst = memory.allocate("dst", 100);
            TracedCall<Pointer> call = tracer.trace("memset", () -> Libc.INSTANCE.memset(dst, 7, 100));
            assertThat(call).wroteExactly(dst, 0, 100).didNotRead(dst).hasNoOutOfBoundsAccess();
            assertEquals(7, dst.getByte(99));
        }
    }

    @TracedFfi
    static class FailingAssertion {
        @Test
        void comparesNumbers() {
            assertEquals(42, 41, "the answer");
        }
    }

    @TracedFfi
    static class AbortedAssumption {
        @Test
        void assumesSomethingFalse() {
            assumeTrue(false, "not on this planet");
        }
    }

    @TracedFfi
    static class ThrowsWithCause {
        @Test
        void throwsChain() {
            throw new IllegalStateException("outer", new java.io.UncheckedIOException(new java.io.IOException("inner")));
        }
    }

    @TracedFfi
    static class Crashes {
        @Test
        void strlenOfNull(FfiTracer tracer) {
            tracer.trace("strlen", () -> Libc.INSTANCE.strlen(null));
        }
    }

    @TracedFfi
    static class Exits {
        @Test
        void exitsWithoutExpectation(FfiTracer tracer) {
            tracer.run(() -> Libc.INSTANCE.exit(3));
        }

        @Test
        @ExpectExit(value = 3, stderr = "about to exit")
        void exitsAsExpected(FfiTracer tracer) {
            System.err.println("about to exit");
            tracer.run(() -> Libc.INSTANCE.exit(3));
        }

        @Test
        @ExpectExit(4)
        void exitsWithTheWrongCode(FfiTracer tracer) {
            tracer.run(() -> Libc.INSTANCE.exit(3));
        }

        @Test
        @ExpectExit(5)
        void overridesItsRetcode(FfiTracer tracer) {
            tracer.overrideRetcode(5);
            tracer.run(() -> Libc.INSTANCE.exit(0));
        }
    }

    /** The JDK reports "killed by signal n" as 128 + n: these exit codes must not read as signals. */
    @TracedFfi
    static class ExitCodesAbove128 {
        @Test
        @ExpectExit(134)
        void systemExit134() {
            System.exit(134);
        }

        @Test
        @ExpectExit(134)
        void nativeExit134InATracedCall(FfiTracer tracer) {
            tracer.run(() -> Libc.INSTANCE.exit(134));
        }

        @Test
        @ExpectExit(137)
        void exit137FromAnotherThread() throws InterruptedException {
            Thread exiting = new Thread(() -> System.exit(137));
            exiting.start();
            exiting.join();
        }

        @Test
        @ExpectExit(255)
        void halt255() {
            Runtime.getRuntime().halt(255);
        }

        @Test
        @ExpectSignal(6)
        void abortOutsideATracedCallIsStillASignal() {
            Libc.INSTANCE.abort();
        }

        @Test
        @ExpectSignal(6)
        void exit134IsNotSigabrt() {
            System.exit(134);
        }
    }

    @TracedFfi
    static class Execs {
        @Test
        void execsAShell(FfiTracer tracer) {
            tracer.run("execv", () -> Libc.INSTANCE.execv("/bin/sh", Libc.argv("sh", "-c", "exit 7")));
        }

        @Test
        @ExpectExit(7)
        void execsAShellAsExpected(FfiTracer tracer) {
            tracer.run("execv", () -> Libc.INSTANCE.execv("/bin/sh", Libc.argv("sh", "-c", "exit 7")));
        }
    }

    @TracedFfi
    static class ExpectationsDoNotHideTheTestsOwnResult {
        @Test
        @ExpectExit(5)
        void overridesThenFails(FfiTracer tracer) {
            tracer.overrideRetcode(5);
            assertEquals(1, 2, "the test's own assertion");
        }

        @Test
        @ExpectExit(3)
        void assumesFalseBeforeExiting() {
            assumeTrue(false, "not today");
        }
    }

    @TracedFfi
    static class Signals {
        @Test
        @ExpectSignal(6)
        void aborts(FfiTracer tracer) {
            tracer.run(Libc.INSTANCE::abort);
        }

        @Test
        @ExpectSignal(6)
        void returnsNormallyInstead() {
        }
    }

    @TracedFfi(timeoutMillis = 10_000)
    static class Hangs {
        @Test
        void sleepsInNativeCode(FfiTracer tracer) {
            tracer.run(() -> Libc.INSTANCE.sleep(600));
        }
    }

    /** JUnit's own timeout, far shorter than the native call and than the child's tracedffi timeout. */
    @TracedFfi
    static class JUnitTimeout {
        static final int NATIVE_SLEEP_SECONDS = 20;

        @Test
        @Timeout(2)
        void sleepsInATracedCall(FfiTracer tracer) {
            tracer.run(() -> Libc.INSTANCE.sleep(NATIVE_SLEEP_SECONDS));
        }
    }

    @TracedFfi
    static class Lifecycle {
        private int prepared;

        @BeforeEach
        void prepare() {
            System.out.println(PID_MARKER + ProcessHandle.current().pid() + " beforeEach");
            prepared = 1;
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 64, 4096})
        void parameterized(int size, NativeMemory memory, FfiTracer tracer) {
            Pointer dst = memory.allocate("dst", size);
            MemEvents events = tracer.run(() -> Libc.INSTANCE.memset(dst, 1, size));
            assertThat(events).wroteExactly(dst, 0, size);
            assertEquals(1, prepared);
        }

        @RepeatedTest(2)
        void repeated(FfiTracer tracer, NativeMemory memory) {
            Pointer s = memory.allocateString("hello");
            assertEquals(5L, tracer.trace(() -> Libc.INSTANCE.strlen(s)).result());
        }

        @TestFactory
        Stream<DynamicTest> dynamic() {
            return IntStream.of(3, 5).mapToObj(n -> DynamicTest.dynamicTest("n=" + n, () -> assertEquals(n % 2, 1)));
        }

        @Nested
        class Inner {
            @Test
            void runsInAChildToo(NativeMemory memory, FfiTracer tracer) {
                Pointer dst = memory.allocate("inner", 8);
                assertThat(tracer.run(() -> Libc.INSTANCE.memset(dst, 0, 8))).wroteExactly(dst, 0, 8);
                assertEquals(1, prepared);
            }
        }
    }

    @TracedFfi
    static class OutOfBounds {
        @Test
        void writesOnePastTheEnd(NativeMemory memory, FfiTracer tracer) {
            Pointer dst = memory.allocate("dst", 16);
            tracer.run(() -> Libc.INSTANCE.memset(dst, 0, 17));
        }
    }

    @TracedFfi
    static class Untraceable {
        @Test
        void asksForEvents(NativeMemory memory, FfiTracer tracer) {
            Pointer dst = memory.allocate("dst", 8);
            TracedCall<Pointer> call = tracer.trace(() -> Libc.INSTANCE.memset(dst, 9, 8));
            assertEquals(9, dst.getByte(7));
            call.events();
        }
    }

    @TracedFfi(timeoutMillis = 0)
    static class ZeroTimeout {
        @Test
        void neverRuns() {
        }
    }

    @TracedFfi
    static class Quick {
        @RepeatedTest(50)
        void oneCall(NativeMemory memory, FfiTracer tracer) {
            Pointer dst = memory.allocate("dst", 4);
            tracer.run(() -> Libc.INSTANCE.memset(dst, 1, 4));
        }
    }

    /** Each test checks it got its own configuration, and prints its process id. */
    static class Configurations {
        static final String PROPERTY = "tracedffi.fixture.flavour";

        @TracedFfi(jvmArgs = "-D" + PROPERTY + "=mint")
        @RepeatedTest(3)
        void mint() {
            assertEquals("mint", System.getProperty(PROPERTY));
            printPid();
        }

        @TracedFfi(jvmArgs = "-D" + PROPERTY + "=lime")
        @RepeatedTest(3)
        void lime() {
            assertEquals("lime", System.getProperty(PROPERTY));
            printPid();
        }

        @TracedFfi
        @RepeatedTest(3)
        void plain() {
            assertNull(System.getProperty(PROPERTY));
            printPid();
        }

        private static void printPid() {
            System.out.println("fixture pid " + ProcessHandle.current().pid());
        }
    }

    @TracedFfi
    static class Parallel {
        @RepeatedTest(8)
        void concurrently(NativeMemory memory, FfiTracer tracer) {
            Pointer dst = memory.allocate("dst", 256);
            assertThat(tracer.run(() -> Libc.INSTANCE.memset(dst, 3, 256))).wroteExactly(dst, 0, 256);
        }
    }
}
