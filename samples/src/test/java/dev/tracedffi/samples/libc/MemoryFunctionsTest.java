package dev.tracedffi.samples.libc;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static dev.tracedffi.samples.Buffers.contents;
import static dev.tracedffi.samples.Buffers.holding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * memcpy, memmove and memset touch exactly the bytes their man pages promise. Each test runs in its own
 * child JVM ({@code @TracedFfi}); every byte libc reads or writes in the {@link NativeMemory} buffers is
 * recorded, and an access outside them would fail the call with an {@code OutOfBoundsAccessError}.
 */
@TracedFfi
class MemoryFunctionsTest {

    private static final Libc LIBC = Libc.INSTANCE;

    /** memcpy(3): "copies n bytes from memory area src to memory area dest". */
    @Test
    void memcpyReadsTheSourceAndWritesTheDestinationExactly(NativeMemory memory, FfiTracer tracer) {
        byte[] data = ascii("The quick brown fox jumps over the lazy dog. ".repeat(3).substring(0, 100));
        Pointer src = holding(memory, "src", data);
        Pointer dst = memory.allocate("dst", 100);

        TracedCall<Pointer> call = tracer.trace("memcpy", () -> LIBC.memcpy(dst, src, 100));

        assertThat(call)
                .readExactly(src, 0, 100).didNotWrite(src)
                .wroteExactly(dst, 0, 100).didNotRead(dst);
        assertThat(contents(dst, 100)).isEqualTo(data);
    }

    /**
     * memmove(3): "The memory areas may overlap: copying takes place as though the bytes in src are first
     * copied into a temporary array that does not overlap src or dest". Here src is [0, 16) and dest
     * [4, 20) of one buffer.
     */
    @Test
    void memmoveCopiesOverlappingAreasAsIfThroughATemporary(NativeMemory memory, FfiTracer tracer) {
        Pointer buf = holding(memory, "buf", ascii("ABCDEFGHIJKLMNOPQRSTUVWX"));

        TracedCall<Pointer> call = tracer.trace("memmove", () -> LIBC.memmove(buf.slice(4), buf, 16));

        assertThat(call).readExactly(buf, 0, 16).wroteExactly(buf, 4, 20);
        assertThat(contents(buf, 24)).asString(StandardCharsets.US_ASCII).isEqualTo("ABCDABCDEFGHIJKLMNOPUVWX");
    }

    /** memset(3): "fills the first n bytes of the memory area pointed to by s with the constant byte c". */
    @Test
    void memsetWritesTheFirstNBytesAndReadsNothing(NativeMemory memory, FfiTracer tracer) {
        Pointer s = memory.allocate("s", 64);

        TracedCall<Pointer> call = tracer.trace("memset", () -> LIBC.memset(s, 0x2a, 40));

        assertThat(call).wroteExactly(s, 0, 40).didNotRead(s).hasNoOutOfBoundsAccess();
        assertThat(s.getByte(39)).isEqualTo((byte) 0x2a);
        assertThat(s.getByte(40)).isZero();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
