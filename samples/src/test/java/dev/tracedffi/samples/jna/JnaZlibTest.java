package dev.tracedffi.samples.jna;

import com.sun.jna.Pointer;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.JnaNativeMemory;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static dev.tracedffi.junit.assertions.TracedFfiJnaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * zlib through JNA, traced through {@code tracer.traced(JnaZlib.class, ...)}: a proxy over JNA's proxy that
 * traces the methods annotated {@code @Traced}. Results are checked with java.util.zip.
 */
@TracedFfi
class JnaZlibTest {

    private static final byte[] TEXT = "JNA or jnr-ffi, the same bytes are traced. ".repeat(20)
            .getBytes(StandardCharsets.US_ASCII);

    /** zlib.h: crc32 "Update[s] a running CRC-32 with the bytes buf[0..len-1] and return[s] the updated CRC-32". */
    @Test
    void crc32ReadsExactlyTheBufferAndWritesNothing(NativeMemory memory, FfiTracer tracer) {
        JnaZlib zlib = tracer.traced(JnaZlib.class, JnaZlib.INSTANCE);
        Pointer buf = holding(memory.jna(), "buf", TEXT);

        long crc = zlib.crc32(0, buf, TEXT.length);

        TracedCall<?> call = tracer.calls().get(0);
        assertThat(call.name()).isEqualTo("crc32");
        assertThat(call).readExactly(buf, 0, TEXT.length).didNotWrite(buf).touchedOnly(buf);
        CRC32 expected = new CRC32();
        expected.update(TEXT);
        assertThat(crc).isEqualTo(expected.getValue());
    }

    /**
     * zlib.h, compress: "Upon entry, destLen is the total size of the destination buffer [...]. Upon exit,
     * destLen is the actual size of the compressed data." destLen is in tracked memory too: compress reads
     * it once and writes it once; of dest it writes exactly the bytes it reports.
     */
    @Test
    void compressWritesOnlyTheCompressedBytesItReports(NativeMemory memory, FfiTracer tracer) throws DataFormatException {
        JnaZlib zlib = tracer.traced(JnaZlib.class, JnaZlib.INSTANCE);
        JnaNativeMemory jna = memory.jna();
        Pointer source = holding(jna, "source", TEXT);
        long bound = JnaZlib.INSTANCE.compressBound(TEXT.length);
        Pointer dest = jna.allocate("dest", bound);
        Pointer destLen = jna.allocate("destLen", Long.BYTES);
        destLen.setLong(0, bound);

        int result = zlib.compress(dest, destLen, source, TEXT.length);

        assertThat(result).isEqualTo(JnaZlib.Z_OK);
        long compressedLength = destLen.getLong(0);
        assertThat(compressedLength).isBetween(1L, bound);
        assertThat(tracer.calls()).singleElement().satisfies(call -> assertThat(call)
                .readExactly(source, 0, TEXT.length).didNotWrite(source)
                .readExactly(destLen, 0, Long.BYTES).wroteExactly(destLen, 0, Long.BYTES)
                .wroteExactly(dest, 0, compressedLength)
                .touchedOnly(source, dest, destLen));
        assertThat(inflate(dest.getByteArray(0, Math.toIntExact(compressedLength)))).isEqualTo(TEXT);
    }

    private static Pointer holding(JnaNativeMemory memory, String label, byte[] bytes) {
        Pointer buf = memory.allocate(label, bytes.length);
        buf.write(0, bytes, 0, bytes.length);
        return buf;
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        byte[] out = new byte[TEXT.length + 1];
        int inflated = inflater.inflate(out);
        inflater.end();
        return Arrays.copyOf(out, inflated);
    }
}
