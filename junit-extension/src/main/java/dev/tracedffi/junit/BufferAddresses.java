package dev.tracedffi.junit;

import java.util.Objects;

/**
 * The address a buffer's pointer holds, whichever binding made the pointer: the one place where
 * {@link NativeMemory} and the assertions turn pointers into the raw addresses they work with. The JNA
 * method has a name of its own: an overload naming a JNA type would not compile without JNA, and it loads
 * JNA's classes only when called.
 */
public final class BufferAddresses {

    private BufferAddresses() {
    }

    public static long of(jnr.ffi.Pointer buffer) {
        return Objects.requireNonNull(buffer, "buffer").address();
    }

    public static long ofJna(com.sun.jna.Pointer buffer) {
        return com.sun.jna.Pointer.nativeValue(Objects.requireNonNull(buffer, "buffer (JNA's Pointer.NULL is null)"));
    }
}
