package dev.tracedffi.protocol;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** A channel over a byte array that allocates nothing per read and counts what it handed out. */
final class ByteArrayReadableChannel implements ReadableByteChannel {

    private final byte[] bytes;
    private int position;

    ByteArrayReadableChannel(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer destination) {
        if (position == bytes.length) {
            return -1;
        }
        int count = Math.min(destination.remaining(), bytes.length - position);
        destination.put(bytes, position, count);
        position += count;
        return count;
    }

    /** How many bytes readers have taken so far. */
    int bytesRead() {
        return position;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
