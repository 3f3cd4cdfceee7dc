package dev.tracedffi.junit.e2e;

import dev.tracedffi.junit.ChildMode;
import dev.tracedffi.junit.ExpectExit;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.protocol.AllocationInfo;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fixture classes in per-class child mode, run by {@link SharedChildEndToEndTest}. Every test prints
 * {@value #CHILD} followed by the pid of the JVM that ran it and its name, so the test JVM can tell
 * which tests shared a child.
 */
final class SharedChildFixtures {

    static final String CHILD = "shared-e2e child=";

    private SharedChildFixtures() {
    }

    static void printChild(String test) {
        System.out.println(CHILD + ProcessHandle.current().pid() + " " + test);
    }

    /**
     * A traced memset of a fresh 64-byte buffer: its events are exactly its own, and the arena holds that
     * one buffer whatever the tests before did in the same child.
     */
    static void memsetsAFreshBuffer(NativeMemory memory, FfiTracer tracer) {
        Pointer dst = memory.allocate("dst", 64);
        for (int i = 0; i < 64; i++) {
            assertEquals(0, dst.getByte(i), "a fresh arena is zero-filled");
        }
        TracedCall<Pointer> call = tracer.trace("memset", () -> Libc.INSTANCE.memset(dst, 7, 64));
        assertThat(call).wroteExactly(dst, 0, 64).didNotRead(dst).hasNoOutOfBoundsAccess();
        assertEquals(List.of("dst"), call.allocations().stream().map(AllocationInfo::label).toList(),
                "the arena holds this test's buffers only");
    }

    @TracedFfi(child = ChildMode.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Sharing {
        @Test
        void a(NativeMemory memory, FfiTracer tracer) {
            printChild("a");
            memsetsAFreshBuffer(memory, tracer);
        }

        @Test
        void b(NativeMemory memory, FfiTracer tracer) {
            printChild("b");
            memsetsAFreshBuffer(memory, tracer);
        }

        @Test
        void c(NativeMemory memory, FfiTracer tracer) {
            printChild("c");
            memsetsAFreshBuffer(memory, tracer);
        }
    }

    /** Three tests end their child in the middle of the class: a crash, an exit, a hang. */
    @TracedFfi(child = ChildMode.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Ending {
        @Test
        void a(NativeMemory memory, FfiTracer tracer) {
            printChild("a");
            System.err.println("stderr of a");
            memsetsAFreshBuffer(memory, tracer);
        }

        @Test
        void b_crashes(FfiTracer tracer) {
            printChild("b_crashes");
            tracer.trace("strlen", () -> Libc.INSTANCE.strlen(null));
        }

        @Test
        void c(NativeMemory memory, FfiTracer tracer) {
            printChild("c");
            System.err.println("stderr of c");
            memsetsAFreshBuffer(memory, tracer);
        }

        @Test
        void d_exits() {
            printChild("d_exits");
            System.err.println("stderr of d");
            Libc.INSTANCE.exit(3);
        }

        @Test
        void e(NativeMemory memory, FfiTracer tracer) {
            printChild("e");
            memsetsAFreshBuffer(memory, tracer);
        }

        @Test
        @TracedFfi(child = ChildMode.PER_CLASS, timeoutMillis = 3_000)
        void f_hangs(FfiTracer tracer) {
            printChild("f_hangs");
            tracer.trace("sleep", () -> Libc.INSTANCE.sleep(60));
        }

        @Test
        void g(NativeMemory memory, FfiTracer tracer) {
            printChild("g");
            memsetsAFreshBuffer(memory, tracer);
        }
    }

    /** Each test checks that it has a test instance of its own, as JUnit gives it. */
    @TracedFfi(child = ChildMode.PER_CLASS)
    static class Lifecycle {
        private int prepared;

        @BeforeEach
        void prepare() {
            prepared++;
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void parameterized(int n, NativeMemory memory, FfiTracer tracer) {
            printChild("parameterized " + n);
            memsetsAFreshBuffer(memory, tracer);
            assertEquals(1, prepared);
        }

        @RepeatedTest(2)
        void repeated(NativeMemory memory, FfiTracer tracer) {
            printChild("repeated");
            memsetsAFreshBuffer(memory, tracer);
            assertEquals(1, prepared);
        }

        @TestFactory
        Stream<DynamicTest> dynamic() {
            return IntStream.of(3, 5).mapToObj(n -> DynamicTest.dynamicTest("n=" + n, () -> {
                printChild("dynamic " + n);
                assertEquals(1, n % 2);
            }));
        }

        @Nested
        class Inner {
            @Test
            void first(NativeMemory memory, FfiTracer tracer) {
                printChild("nested first");
                memsetsAFreshBuffer(memory, tracer);
                assertEquals(1, prepared);
            }

            @Test
            void second(NativeMemory memory, FfiTracer tracer) {
                printChild("nested second");
                memsetsAFreshBuffer(memory, tracer);
                assertEquals(1, prepared);
            }
        }
    }

    /** A test with JVM options of its own, and one that expects to end its child, each get their own child. */
    @TracedFfi(child = ChildMode.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class OwnChildren {
        static final String PROPERTY = "tracedffi.e2e.flavour";

        @Test
        void a() {
            printChild("a");
            assertEquals(null, System.getProperty(PROPERTY));
        }

        @Test
        @TracedFfi(child = ChildMode.PER_CLASS, jvmArgs = "-D" + PROPERTY + "=mint")
        void b_ownOptions() {
            printChild("b_ownOptions");
            assertEquals("mint", System.getProperty(PROPERTY));
        }

        @Test
        void c() {
            printChild("c");
        }

        @Test
        @ExpectExit(3)
        void d_expectsToExit() {
            printChild("d_expectsToExit");
            Libc.INSTANCE.exit(3);
        }

        @Test
        void e() {
            printChild("e");
        }
    }

    /** An exit code override belongs to its test: that test fails as it would alone, the next one passes. */
    @TracedFfi(child = ChildMode.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Overriding {
        @Test
        void a_overrides(FfiTracer tracer) {
            printChild("a_overrides");
            tracer.overrideRetcode(5);
        }

        @Test
        void b() {
            printChild("b");
        }
    }

    /** Children that cannot start: each test fails with why, none waits for a child forever. */
    @TracedFfi(child = ChildMode.PER_CLASS, jvmArgs = "-XX:+NoSuchOptionForTracedffi")
    static class UnstartableChild {
        @Test
        void first() {
        }

        @Test
        void second() {
        }
    }
}
