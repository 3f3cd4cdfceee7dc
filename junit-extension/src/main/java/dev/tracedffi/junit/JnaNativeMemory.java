package dev.tracedffi.junit;

import com.sun.jna.Pointer;

/**
 * {@link NativeMemory}'s buffers as JNA pointers, for a library bound with JNA: the same arena, labels,
 * redzones and reports. Assert on them with {@code TracedFfiJnaAssertions}.
 */
public final class JnaNativeMemory {

    private final NativeMemory memory;

    private JnaNativeMemory(NativeMemory memory) {
        this.memory = memory;
    }

    /** The JNA view of {@code memory}. JNA is optional: its absence is told here, not by a NoClassDefFoundError. */
    static JnaNativeMemory over(NativeMemory memory) {
        try {
            Class.forName("com.sun.jna.Pointer", false, JnaNativeMemory.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("NativeMemory.jna() needs JNA on the class path"
                    + " (add the dependency net.java.dev.jna:jna); jnr-ffi pointers need nothing more", e);
        }
        return new JnaNativeMemory(memory);
    }

    public Pointer allocate(long size) {
        return new Pointer(memory.allocate(size).address());
    }

    /** A buffer whose {@code label} names it in assertion messages and reports. */
    public Pointer allocate(String label, long size) {
        return new Pointer(memory.allocate(label, size).address());
    }

    /** The NUL-terminated UTF-8 bytes of {@code s}. */
    public Pointer allocateString(String s) {
        return new Pointer(memory.allocateString(s).address());
    }

    public void free(Pointer p) {
        memory.free(BufferAddresses.ofJna(p));
    }
}
