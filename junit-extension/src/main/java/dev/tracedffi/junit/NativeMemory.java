package dev.tracedffi.junit;

import jnr.ffi.Pointer;

/**
 * Buffers native code may touch in a traced test: allocated from the tracked arena, zero-filled,
 * surrounded by redzones, never reused after {@link #free} (so use after free is seen). The buffers
 * are jnr-ffi pointers; {@link Pointer#address()} is the raw address, and {@link #jna()} hands out
 * the same buffers as JNA pointers.
 */
public interface NativeMemory {

    Pointer allocate(long size);

    /** A buffer whose {@code label} names it in assertion messages and reports. */
    Pointer allocate(String label, long size);

    /** The NUL-terminated UTF-8 bytes of {@code s}. */
    Pointer allocateString(String s);

    default void free(Pointer p) {
        free(BufferAddresses.of(p));
    }

    /** Frees the buffer that starts at {@code address}. */
    void free(long address);

    /**
     * This memory for tests that bind their library with JNA: {@code Pointer buf = memory.jna().allocate("buf", 64)}.
     *
     * @throws IllegalStateException when JNA ({@code net.java.dev.jna:jna}) is not on the class path
     */
    default JnaNativeMemory jna() {
        return JnaNativeMemory.over(this);
    }
}
