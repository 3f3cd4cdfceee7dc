package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

/**
 * Bytes named relative to a buffer: {@code dst[16, 17)} is the byte right after a 16-byte buffer
 * {@code dst}. The bytes need not lie inside the buffer (offsets may be negative or past its end).
 *
 * @param buffer the buffer the offsets are relative to
 * @param bytes  the absolute bytes
 */
public record BufferRange(AllocationInfo buffer, AccessRange bytes) {

    public long from() {
        return bytes.addr() - buffer.range().addr();
    }

    public long to() {
        return bytes.end() - buffer.range().addr();
    }

    @Override
    public String toString() {
        return buffer.label() + "[" + from() + ", " + to() + ")";
    }
}
