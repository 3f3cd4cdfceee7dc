package dev.tracedffi.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Messages over a pair of blocking byte channels (in practice one Unix domain socket): each message
 * is one length-prefixed frame holding its MessagePack body.
 *
 * <p>{@link #send} and {@link #receive} are each thread-safe and independent of one another: several
 * threads may send while one receives. After any {@link IOException}, a {@link ProtocolException}
 * included, the stream is in an unknown state: close the channel.
 */
public final class MessageChannel implements Closeable {

    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private final MessageEncoder encoder = new MessageEncoder();
    private final FrameWriter writer;
    private final MessageDecoder decoder = new MessageDecoder();
    private final FrameReader reader;

    /** Over one channel in both directions, with the default maximum frame size. */
    public MessageChannel(ByteChannel channel) {
        this(channel, channel, Protocol.DEFAULT_MAX_FRAME_BYTES);
    }

    /** @param maxFrameBytes longer frames are refused, in both directions */
    public MessageChannel(ReadableByteChannel in, WritableByteChannel out, int maxFrameBytes) {
        this.in = in;
        this.out = out;
        this.writer = new FrameWriter(out, maxFrameBytes);
        this.reader = new FrameReader(in, maxFrameBytes);
    }

    public void send(Message message) throws IOException {
        synchronized (sendLock) {
            writer.write(encoder.encode(message));
        }
    }

    /**
     * The next message; blocks until it has arrived.
     *
     * @return null when the peer closed the stream cleanly, between two messages
     * @throws ProtocolException when the stream ends inside a frame, or a frame is too long or not a
     *     valid message
     */
    public Message receive() throws IOException {
        synchronized (receiveLock) {
            ByteBuffer body = reader.readFrame();
            return body == null ? null : decoder.decode(body);
        }
    }

    /** Closes both channels. */
    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            if (out != in) {
                out.close();
            }
        }
    }
}
