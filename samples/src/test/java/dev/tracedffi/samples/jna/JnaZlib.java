package dev.tracedffi.samples.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.tracedffi.junit.Traced;

/**
 * The zlib functions the JNA samples test (zlib.h, 1.2.x), loaded by their soname through JNA. On
 * x86-64 Linux uLong is 64 bits: Java's {@code long}.
 */
public interface JnaZlib extends Library {

    JnaZlib INSTANCE = Native.load("libz.so.1", JnaZlib.class);

    int Z_OK = 0;

    /** {@code uLong crc32(uLong crc, const Bytef *buf, uInt len)} */
    @Traced
    long crc32(long crc, Pointer buf, int len);

    /** {@code uLong compressBound(uLong sourceLen)} */
    long compressBound(long sourceLen);

    /** {@code int compress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)} */
    @Traced
    int compress(Pointer dest, Pointer destLen, Pointer source, long sourceLen);
}
