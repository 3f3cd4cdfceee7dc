package dev.tracedffi.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;

/** Writes length-prefixed frames (a 4-byte big-endian body length, then the body) to a blocking channel. Not thread-safe. */
public final class FrameWriter {

    private final WritableByteChannel channel;
    private final int maxFrameBytes;
    private final ByteBuffer prefix = ByteBuffer.allocate(Integer.BYTES);
    private final ByteBuffer[] frame = {prefix, null};

    /**
     * @param maxFrameBytes longer bodies are refused, since the peer would refuse them too
     * @throws IllegalArgumentException if {@code channel} is non-blocking
     */
    public FrameWriter(WritableByteChannel channel, int maxFrameBytes) {
        FrameArguments.check(channel, maxFrameBytes);
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Writes the remaining bytes of {@code body} as one frame.
     *
     * @throws ProtocolException if the body is longer than the maximum; nothing is written then
     */
    public void write(ByteBuffer body) throws IOException {
        int length = body.remaining();
        if (length > maxFrameBytes) {
            throw new ProtocolException("message of " + length + " bytes is longer than the maximum frame of "
                    + maxFrameBytes + " bytes; not sent", -1);
        }
        prefix.clear();
        prefix.putInt(length).flip();
        if (channel instanceof GatheringByteChannel gathering) {
            // One system call for prefix and body on sockets and pipes.
            frame[1] = body;
            try {
                while (body.hasRemaining() || prefix.hasRemaining()) {
                    gathering.write(frame);
                }
            } finally {
                frame[1] = null;
            }
        } else {
            writeFully(prefix);
            writeFully(body);
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
