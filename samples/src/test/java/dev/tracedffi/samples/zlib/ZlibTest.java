package dev.tracedffi.samples.zlib;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static dev.tracedffi.samples.Buffers.contents;
import static dev.tracedffi.samples.Buffers.holding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * zlib's one-shot functions against the zlib manual (the comments of zlib.h). The results are checked
 * with java.util.zip, which implements the same formats independently of this call.
 */
@TracedFfi
class ZlibTest {

    private static final Zlib ZLIB = Zlib.INSTANCE;
    private static final byte[] TEXT = "tracedffi records every byte native code touches. ".repeat(20)
            .getBytes(StandardCharsets.US_ASCII);

    /** zlib.h: crc32 "Update[s] a running CRC-32 with the bytes buf[0..len-1] and return[s] the updated CRC-32". */
    @Test
    void crc32ReadsExactlyTheBufferAndWritesNothing(NativeMemory memory, FfiTracer tracer) {
        Pointer buf = holding(memory, "buf", TEXT);

        TracedCall<Long> call = tracer.trace("crc32", () -> ZLIB.crc32(0, buf, TEXT.length));

        assertThat(call).readExactly(buf, 0, TEXT.length).didNotWrite(buf);
        CRC32 expected = new CRC32();
        expected.update(TEXT);
        assertThat(call.result()).isEqualTo(expected.getValue());
    }

    /**
     * zlib.h, compress2: "Upon entry, destLen is the total size of the destination buffer [...]. Upon exit,
     * destLen is the actual size of the compressed data." destLen is an in/out {@code uLongf *}: it lives in
     * tracked memory too, so the test sees compress2 read it once and write it.
     */
    @Test
    void compress2WritesOnlyTheCompressedBytesItReports(NativeMemory memory, FfiTracer tracer) throws DataFormatException {
        Pointer source = holding(memory, "source", TEXT);
        long bound = ZLIB.compressBound(TEXT.length);
        Pointer dest = memory.allocate("dest", bound);
        Pointer destLen = memory.allocate("destLen", Long.BYTES);
        destLen.putLong(0, bound);

        TracedCall<Integer> call = tracer.trace("compress2",
                () -> ZLIB.compress2(dest, destLen, source, TEXT.length, Deflater.BEST_COMPRESSION));

        assertThat(call.result()).isEqualTo(Zlib.Z_OK);
        long compressedLength = destLen.getLong(0);
        assertThat(compressedLength).isBetween(1L, bound);
        assertThat(call)
                .readExactly(source, 0, TEXT.length).didNotWrite(source)
                .readExactly(destLen, 0, Long.BYTES).wroteExactly(destLen, 0, Long.BYTES)
                .wroteExactly(dest, 0, compressedLength);
        assertThat(inflate(contents(dest, compressedLength), TEXT.length)).isEqualTo(TEXT);
    }

    /**
     * zlib.h, uncompress: it returns "Z_BUF_ERROR if there was not enough room in the output buffer [...].
     * In the case where there is not enough room, uncompress() will fill the output buffer with the
     * uncompressed data up to that point." Filled, and not one byte further.
     */
    @Test
    void uncompressIntoATooSmallBufferFillsItAndStops(NativeMemory memory, FfiTracer tracer) {
        byte[] compressed = deflate(TEXT);
        Pointer source = holding(memory, "source", compressed);
        Pointer dest = memory.allocate("dest", 100);
        Pointer destLen = memory.allocate("destLen", Long.BYTES);
        destLen.putLong(0, 100);

        TracedCall<Integer> call = tracer.trace("uncompress",
                () -> ZLIB.uncompress(dest, destLen, source, compressed.length));

        assertThat(call.result()).isEqualTo(Zlib.Z_BUF_ERROR);
        assertThat(call).wroteExactly(dest, 0, 100).didNotWrite(source).hasNoOutOfBoundsAccess();
        assertThat(destLen.getLong(0)).isEqualTo(100);
        assertThat(contents(dest, 100)).isEqualTo(Arrays.copyOf(TEXT, 100));
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + 64];
        int length = deflater.deflate(out);
        deflater.end();
        return Arrays.copyOf(out, length);
    }

    private static byte[] inflate(byte[] compressed, int length) throws DataFormatException {
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        byte[] out = new byte[length];
        int inflated = inflater.inflate(out);
        inflater.end();
        return Arrays.copyOf(out, inflated);
    }
}
