package dev.tracedffi.samples.zlib;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * The zlib functions the samples test (zlib.h, 1.2.x). Loaded by its soname, which the runtime package
 * (zlib1g) installs; the unversioned libz.so comes only with the development package.
 */
public interface Zlib {

    Zlib INSTANCE = LibraryLoader.create(Zlib.class).load("libz.so.1");

    int Z_OK = 0;
    int Z_BUF_ERROR = -5;

    /** {@code uLong crc32(uLong crc, const Bytef *buf, uInt len)} */
    long crc32(long crc, Pointer buf, int len);

    /** {@code uLong compressBound(uLong sourceLen)} */
    long compressBound(long sourceLen);

    /** {@code int compress2(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen, int level)} */
    int compress2(Pointer dest, Pointer destLen, Pointer source, long sourceLen, int level);

    /** {@code int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)} */
    int uncompress(Pointer dest, Pointer destLen, Pointer source, long sourceLen);
}
