package dev.tracedffi.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages over a pair of blocking byte channels (in practice one Unix domain socket): each message
 * is one length-prefixed frame holding its MessagePack body, except a MemEvents sent with
 * {@link #sendEvents}, which takes as many frames as its events need and is read back whole with
 * {@link #receiveEvents}.
 *
 * <p>Sending and receiving are each thread-safe and independent of one another: several threads may
 * send while one receives. After any {@link IOException}, a {@link ProtocolException} included, the
 * stream is in an unknown state: close the channel.
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
    /** Events in one frame of {@link #sendEvents}: as many as the frame limit holds at their largest. */
    private final int eventsPerFrame;
    private final int maxFrameBytes;

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
        this.maxFrameBytes = maxFrameBytes;
        this.eventsPerFrame = (int) Math.max(1, Math.min(MessageLimits.MAX_EVENTS_PER_FRAME,
                ((long) maxFrameBytes - WireFormat.MAX_EVENTS_OVERHEAD_BYTES) / WireFormat.MAX_EVENT_BYTES));
    }

    /**
     * Sends {@code message} as one frame.
     *
     * @throws ProtocolException if it does not fit in one (nothing is sent then); a MemEvents of any
     *     size goes with {@link #sendEvents}
     */
    public void send(Message message) throws IOException {
        synchronized (sendLock) {
            writer.write(encoder.encode(message));
        }
    }

    /**
     * Sends {@code events} in order, in as many frames as they need: MemEventsPart frames, then a
     * MemEvents frame with the last events (the only frame when they fit in one). No other message
     * of this channel comes between them. The instructions go in the MemEvents frame; when they leave no
     * room there for the last events, those go in one more part.
     */
    public void sendEvents(MemEvents events) throws IOException {
        List<AccessEvent> list = events.accEvents();
        synchronized (sendLock) {
            int from = 0;
            while (true) {
                int to = (int) Math.min(list.size(), (long) from + eventsPerFrame);
                if (to < list.size()) {
                    writer.write(encoder.encodeEventsFrame(events, from, to, false));
                    from = to;
                    continue;
                }
                ByteBuffer closing = encoder.encodeEventsFrame(events, from, to, true);
                if (closing.remaining() > maxFrameBytes && from < to) {
                    writer.write(encoder.encodeEventsFrame(events, from, to, false));
                    closing = encoder.encodeEventsFrame(events, to, to, true);
                }
                writer.write(closing);
                return;
            }
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

    /**
     * Like {@link #receive}, but a MemEvents sent with {@link #sendEvents} in several frames is read
     * whole: its events in the order they were sent. Any other message is returned as it is.
     *
     * @throws ProtocolException also when another message, or the end of the stream, comes between
     *     the frames of a MemEvents
     */
    public Message receiveEvents() throws IOException {
        synchronized (receiveLock) {
            List<AccessEvent> events = null;
            while (true) {
                ByteBuffer body = reader.readFrame();
                if (body == null) {
                    if (events == null) {
                        return null;
                    }
                    throw new ProtocolException("stream ends inside a MemEvents, after " + events.size()
                            + " of its events", -1);
                }
                FrameContent content = decoder.decodeFrame(body);
                if (content instanceof FrameContent.EventsPart part) {
                    if (events == null) {
                        events = new ArrayList<>(part.events());
                    } else {
                        events.addAll(part.events());
                    }
                    continue;
                }
                Message message = ((FrameContent.Whole) content).message();
                if (events == null) {
                    return message;
                }
                if (!(message instanceof MemEvents last)) {
                    throw new ProtocolException("a " + message.getClass().getSimpleName()
                            + " came between the frames of a MemEvents, after " + events.size() + " of its events", -1);
                }
                events.addAll(last.accEvents());
                return new MemEvents(events, last.instructions());
            }
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
