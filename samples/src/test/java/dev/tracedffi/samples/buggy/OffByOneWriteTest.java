package dev.tracedffi.samples.buggy;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.junit.assertions.OutOfBoundsAccessError;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * libbuggy's {@code fill} writes n + 1 bytes into an n-byte buffer. Every buffer from {@link NativeMemory}
 * is surrounded by redzones, so the one stray byte is seen, attributed to the buffer it overflows, and
 * reported with the instruction that wrote it.
 */
@RequiresLibBuggy
class OffByOneWriteTest {

    /**
     * By default a traced call that writes out of bounds fails at once with an {@code OutOfBoundsAccessError}.
     * {@code failOnOutOfBounds = false} lets the call return, so the test can assert on the overflow itself.
     */
    @Test
    @TracedFfi(failOnOutOfBounds = false)
    void fillWritesOneBytePastTheEnd(NativeMemory memory, FfiTracer tracer) {
        Buggy buggy = Buggy.load();
        Pointer dst = memory.allocate("dst", 16);

        TracedCall<Void> call = tracer.trace("fill", () -> {
            buggy.fill(dst, 16);
            return null;
        });

        assertThat(call).hasOutOfBoundsWrite().wroteExactly(dst, 0, 17);
    }

    /** The same call in a test that does not expect the bug: that test fails, with this report. */
    @Test
    void byDefaultTheOverflowFailsTheTestWithItsReport() {
        Throwable failure = FixtureRuns.onlyFailure(FixtureRuns.run(UnawareOfTheBug.class));

        assertThat(failure).isInstanceOf(OutOfBoundsAccessError.class)
                .hasMessageContaining("native call `fill` made an out-of-bounds write")
                .hasMessageContaining("WRITE of size 1 at libbuggy.so!fill+0x")
                .hasMessageContaining("dst[16, 17) is 1 byte right of the 16-byte buffer `dst`");
    }

    @TracedFfi
    static class UnawareOfTheBug {
        @Test
        void fillsASixteenByteBuffer(NativeMemory memory, FfiTracer tracer) {
            Buggy buggy = tracer.traced(Buggy.class, Buggy.load()); // traces the methods annotated @Traced
            Pointer dst = memory.allocate("dst", 16);
            buggy.fill(dst, 16);
        }
    }
}
