package dev.tracedffi.samples.crypto;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/** OpenSSL 3's libcrypto, loaded by its soname (the runtime package libssl3 installs it). */
public interface LibCrypto {

    LibCrypto INSTANCE = LibraryLoader.create(LibCrypto.class).load("libcrypto.so.3");

    int SHA256_DIGEST_LENGTH = 32;

    /** {@code unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md)} */
    Pointer SHA256(Pointer d, long n, Pointer md);
}
