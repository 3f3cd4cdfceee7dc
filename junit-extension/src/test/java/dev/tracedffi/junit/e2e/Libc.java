package dev.tracedffi.junit.e2e;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/** The libc functions the end-to-end fixtures call. */
public interface Libc {

    Libc INSTANCE = LibraryLoader.create(Libc.class).load("c");

    Pointer memset(Pointer dst, int value, long n);

    long strlen(Pointer s);

    void exit(int code);

    void abort();

    int sleep(int seconds);
}
