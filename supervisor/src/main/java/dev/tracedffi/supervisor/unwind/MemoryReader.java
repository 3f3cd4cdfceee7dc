package dev.tracedffi.supervisor.unwind;

import java.util.OptionalLong;

/**
 * Reads the memory of the process being unwound (process_vm_readv in the tracer, a byte array in
 * tests). Returns fewer bytes than asked, possibly none, where the range runs into unreadable memory.
 */
@FunctionalInterface
public interface MemoryReader {

    byte[] read(long address, int length);

    /** The 8-byte little-endian word at {@code address}, or empty if it cannot be read. */
    default OptionalLong readWord(long address) {
        byte[] bytes = read(address, 8);
        if (bytes == null || bytes.length < 8) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return OptionalLong.of(value);
    }
}
