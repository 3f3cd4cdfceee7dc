package dev.tracedffi.samples;

import dev.tracedffi.junit.NativeMemory;
import jnr.ffi.Pointer;

/** Moves bytes between Java arrays and tracked buffers; the JVM's own accesses are never traced. */
public final class Buffers {

    private Buffers() {
    }

    /** A tracked buffer named {@code label} holding a copy of {@code bytes}. */
    public static Pointer holding(NativeMemory memory, String label, byte[] bytes) {
        Pointer buf = memory.allocate(label, bytes.length);
        buf.put(0, bytes, 0, bytes.length);
        return buf;
    }

    /** The first {@code length} bytes of {@code buf}. */
    public static byte[] contents(Pointer buf, long length) {
        byte[] bytes = new byte[Math.toIntExact(length)];
        buf.get(0, bytes, 0, bytes.length);
        return bytes;
    }
}
