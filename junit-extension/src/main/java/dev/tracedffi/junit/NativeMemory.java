package dev.tracedffi.junit;

import jnr.ffi.Pointer;

/**
 * Buffers native code may touch in a traced test: allocated from the tracked arena, zero-filled,
 * surrounded by redzones, never reused after {@link #free} (so use after free is seen).
 */
public interface NativeMemory {

    Pointer allocate(long size);

    /** A buffer whose {@code label} names it in assertion messages and reports. */
    Pointer allocate(String label, long size);

    /** The NUL-terminated UTF-8 bytes of {@code s}. */
    Pointer allocateString(String s);

    void free(Pointer p);
}
