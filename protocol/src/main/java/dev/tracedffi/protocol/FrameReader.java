package dev.tracedffi.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Reads length-prefixed frames (a 4-byte big-endian body length, then the body) from a blocking
 * channel. Not thread-safe.
 *
 * <p>The body buffer grows with the bytes that actually arrive, never straight to the declared length,
 * so a peer that declares a large frame and sends little costs little memory. Framing problems raise
 * {@link ProtocolException}s whose offset counts bytes from the start of the stream.
 */
public final class FrameReader {

    private static final int PREFIX_BYTES = Integer.BYTES;
    /** Body capacity before any body byte has arrived. */
    private static final int FIRST_CHUNK = 8 << 10;
    /** A larger buffer, grown for one exceptional frame, is dropped rather than kept for the next. */
    private static final int RETAINED_CAPACITY = 4 << 20;

    private final ReadableByteChannel channel;
    private final int maxFrameBytes;
    private final ByteBuffer prefix = ByteBuffer.allocate(PREFIX_BYTES);
    private ByteBuffer body = ByteBuffer.allocate(0);
    private long streamOffset;

    /**
     * @param maxFrameBytes frames with a longer body are refused before any of it is read
     * @throws IllegalArgumentException if {@code channel} is non-blocking
     */
    public FrameReader(ReadableByteChannel channel, int maxFrameBytes) {
        FrameArguments.check(channel, maxFrameBytes);
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The body of the next frame, a heap buffer valid until the next call; null when the stream ended
     * cleanly, between two frames.
     *
     * @throws ProtocolException when the length prefix is negative or above the maximum, or the stream
     *     ends inside a frame
     */
    public ByteBuffer readFrame() throws IOException {
        long frameStart = streamOffset;
        prefix.clear();
        if (!fill(prefix)) {
            if (prefix.position() == 0) {
                return null;
            }
            throw new ProtocolException("stream ends after " + prefix.position() + " of the "
                    + PREFIX_BYTES + " bytes of a frame's length prefix", streamOffset);
        }
        int length = prefix.getInt(0);
        if (length < 0) {
            throw new ProtocolException("negative frame length " + length, frameStart);
        }
        if (length > maxFrameBytes) {
            throw new ProtocolException("frame of " + length + " bytes is longer than the maximum of "
                    + maxFrameBytes + " bytes", frameStart);
        }
        readBody(length);
        return ByteBuffer.wrap(body.array(), 0, length);
    }

    private void readBody(int length) throws IOException {
        if (body.capacity() > RETAINED_CAPACITY) {
            body = ByteBuffer.allocate(0);
        }
        if (body.capacity() < Math.min(length, FIRST_CHUNK)) {
            body = ByteBuffer.allocate(Math.min(length, FIRST_CHUNK));
        }
        body.clear();
        while (true) {
            body.limit(Math.min(length, body.capacity()));
            if (!fill(body)) {
                throw new ProtocolException("stream ends after " + body.position() + " of the " + length
                        + " bytes of a frame's body", streamOffset);
            }
            if (body.position() == length) {
                return;
            }
            // Full but the frame is longer: grow by doubling, as far as the declared length.
            int capacity = (int) Math.min(length, 2L * body.capacity());
            body = ByteBuffer.wrap(Arrays.copyOf(body.array(), capacity)).position(body.position());
        }
    }

    /** Reads until {@code buffer} is full; false if the stream ended first. */
    private boolean fill(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                return false;
            }
            streamOffset += read;
        }
        return true;
    }
}
