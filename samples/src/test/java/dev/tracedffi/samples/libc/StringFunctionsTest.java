package dev.tracedffi.samples.libc;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.junit.assertions.OutOfBoundsPolicy;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static dev.tracedffi.samples.Buffers.contents;
import static dev.tracedffi.samples.Buffers.holding;
import static org.assertj.core.api.Assertions.assertThat;

/** strlen, strncpy and snprintf against what their man pages promise, byte by byte. */
@TracedFfi
class StringFunctionsTest {

    private static final Libc LIBC = Libc.INSTANCE;

    /**
     * strlen(3): "calculates the length of the string pointed to by s, excluding the terminating null
     * byte". glibc's vectorised strlen reads whole aligned blocks, so it also reads past the NUL: that is
     * a benign over-read (it never leaves the pages the string occupies), listed as such in the report
     * and never counted as an out-of-bounds access. So assert "read at least [0, n + 1)", not "exactly".
     */
    @Test
    void strlenReadsTheStringAndItsNulThenBenignlyOverReads(NativeMemory memory, FfiTracer tracer) {
        Pointer s = memory.allocateString("hello, tracedffi");

        TracedCall<Long> call = tracer.trace("strlen", () -> LIBC.strlen(s));

        assertThat(call.result()).isEqualTo(16);
        assertThat(call).read(s, 0, 17).didNotWrite(s).hasNoOutOfBoundsAccess();
        assertThat(OutOfBoundsPolicy.benignOverReads(call.events(), call.allocations())).isNotEmpty();
    }

    /**
     * strncpy(3) copies the string "into a null-padded character sequence at the fixed-width buffer"; the
     * man page's reference implementation zeroes all sz bytes first. So strncpy writes exactly n bytes
     * even for a short source: the copy, then NUL padding up to n. (glibc's vectorised strncpy loads the
     * source 64 bytes at a time, whatever its length: here the source string sits in a 64-byte buffer.)
     */
    @Test
    void strncpyWritesExactlyNBytesPaddingWithNuls(NativeMemory memory, FfiTracer tracer) {
        Pointer src = holding(memory, "src", Arrays.copyOf(ascii("abc"), 64));
        Pointer dst = holding(memory, "dst", ascii("x".repeat(16))); // so the padding NULs are visible

        TracedCall<Pointer> call = tracer.trace("strncpy", () -> LIBC.strncpy(dst, src, 12));

        assertThat(call).wroteExactly(dst, 0, 12).read(src, 0, 4).didNotWrite(src);
        assertThat(contents(dst, 16)).asString(StandardCharsets.US_ASCII).isEqualTo("abc\0\0\0\0\0\0\0\0\0xxxx");
    }

    /**
     * snprintf(3): the functions "do not write more than size bytes (including the terminating null byte)";
     * when the output was truncated "the return value is the number of characters (excluding the terminating
     * null byte) which would have been written to the final string if enough space had been available".
     * The buffer is 16 bytes, size is 8: bytes [8, 16) must stay untouched.
     */
    @Test
    void snprintfTruncatesWithinSizeAndReturnsTheFullLength(NativeMemory memory, FfiTracer tracer) {
        Pointer buf = memory.allocate("buf", 16);

        TracedCall<Integer> call = tracer.trace("snprintf", () -> LIBC.snprintf(buf, 8, "%s!", "hello, world"));

        assertThat(call.result()).isEqualTo("hello, world!".length());
        assertThat(call).wroteExactly(buf, 0, 8);
        assertThat(buf.getString(0)).isEqualTo("hello, ");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
