package dev.tracedffi.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * A {@link MessageBufferOutput} that packs into one reusable, growing byte array, so an encoded body
 * is contiguous (one channel write, no copy out of a buffer list) and its memory is reused for the
 * next message.
 */
final class GrowableByteArrayOutput implements MessageBufferOutput {

    /** Smallest chunk handed to the packer, so it does not come back for every value. */
    private static final int MIN_CHUNK = 8 << 10;
    /** A larger array, grown for one exceptional message, is dropped rather than kept for the next. */
    private static final int RETAINED_CAPACITY = 4 << 20;

    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private byte[] array = new byte[MIN_CHUNK];
    private int size;

    /** Forgets the written bytes; the next message starts at offset 0. */
    void clear() {
        size = 0;
        if (array.length > RETAINED_CAPACITY) {
            array = new byte[MIN_CHUNK];
        }
    }

    /** The bytes written since {@link #clear()}; valid until the next write or clear. */
    ByteBuffer written() {
        return ByteBuffer.wrap(array, 0, size);
    }

    @Override
    public MessageBuffer next(int minimumSize) {
        ensureRoom(Math.max(minimumSize, MIN_CHUNK));
        return MessageBuffer.wrap(array, size, array.length - size);
    }

    @Override
    public void writeBuffer(int length) {
        size += length;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(buffer, offset, array, size, length);
        size += length;
    }

    @Override
    public void add(byte[] buffer, int offset, int length) {
        write(buffer, offset, length);
    }

    private void ensureRoom(int bytes) {
        if (array.length - size < bytes) {
            long doubled = Math.min(2L * array.length, MAX_ARRAY_LENGTH);
            array = Arrays.copyOf(array, Math.toIntExact(Math.max(doubled, (long) size + bytes)));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
