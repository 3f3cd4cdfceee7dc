package dev.tracedffi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A MemEvents of any size crosses in several frames, whole and in order; nothing else may come between them. */
class EventStreamingTest {

    private static final int PER_FRAME = MessageLimits.MAX_EVENTS_PER_FRAME;
    /** Events of the socket test: 20 encoded bytes each, about 80 MiB in all, more than one frame may hold. */
    private static final int MANY_EVENTS = Integer.getInteger("tracedffi.test.streamedEvents", 4_200_000);

    @ParameterizedTest(name = "{0} events")
    @ValueSource(ints = {0, 1, PER_FRAME - 1, PER_FRAME, PER_FRAME + 1, 3 * PER_FRAME + 5})
    void arriveWholeAndInOrderInAsManyFramesAsTheyNeed(int count) throws IOException {
        MemEvents events = numberedEvents(count);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        MessageChannel sender = new MessageChannel(
                Frames.readable(new byte[0]), Channels.newChannel(written), Protocol.DEFAULT_MAX_FRAME_BYTES);
        sender.sendEvents(events);
        sender.send(new Confirmation());

        byte[] stream = written.toByteArray();
        MessageChannel receiver = new MessageChannel(
                Frames.readable(stream), Channels.newChannel(new ByteArrayOutputStream()), Protocol.DEFAULT_MAX_FRAME_BYTES);
        assertThat(receiver.receiveEvents()).isEqualTo(events);
        assertThat(receiver.receiveEvents()).as("the next message, as it is").isEqualTo(new Confirmation());
        assertThat(receiver.receiveEvents()).isNull();
        assertThat(frameCount(stream)).isEqualTo(Math.max(2, 1 + (count + PER_FRAME - 1) / PER_FRAME));
    }

    @Test
    void framesStayWithinASmallFrameLimit() throws IOException {
        int maxFrameBytes = 1000;
        MemEvents events = numberedEvents(500);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        new MessageChannel(Frames.readable(new byte[0]), Channels.newChannel(written), maxFrameBytes).sendEvents(events);

        MessageChannel receiver = new MessageChannel(
                Frames.readable(written.toByteArray()), Channels.newChannel(new ByteArrayOutputStream()), maxFrameBytes);
        assertThat(receiver.receiveEvents()).isEqualTo(events);
        // (1000 - 12) / 28 = 35 events of the largest encoding per frame
        assertThat(frameCount(written.toByteArray())).isEqualTo((500 + 34) / 35);
    }

    @Test
    void instructionsThatLeaveNoRoomInTheClosingFrameSendItsEventsInAPartBefore() throws IOException {
        int maxFrameBytes = 1000;
        MemEvents numbered = numberedEvents(30);
        MemEvents events = new MemEvents(numbered.accEvents(), List.of(new InstructionInfo(0x7f9a_0000_0000L,
                "mov byte ptr [rdi], al", List.of("#0 " + "x".repeat(600)))));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        new MessageChannel(Frames.readable(new byte[0]), Channels.newChannel(written), maxFrameBytes).sendEvents(events);

        MessageChannel receiver = new MessageChannel(
                Frames.readable(written.toByteArray()), Channels.newChannel(new ByteArrayOutputStream()), maxFrameBytes);
        assertThat(receiver.receiveEvents()).isEqualTo(events);
        assertThat(frameCount(written.toByteArray())).isEqualTo(2);
    }

    @Test
    void sendRefusesMoreEventsThanOneFrameHoldsAndWritesNothing() throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        MessageChannel sender = new MessageChannel(
                Frames.readable(new byte[0]), Channels.newChannel(written), Protocol.DEFAULT_MAX_FRAME_BYTES);

        ProtocolException refused = catchThrowableOfType(ProtocolException.class,
                () -> sender.send(numberedEvents(PER_FRAME + 1)));

        assertThat(refused).hasMessageContaining("MemEvents.accEvents (MessageChannel.sendEvents sends any number) holds "
                + (PER_FRAME + 1) + " elements, more than the limit of " + PER_FRAME + "; not sent");
        assertThat(written.size()).isZero();
    }

    @Test
    void receiveRefusesAMemEventsInSeveralFrames() throws IOException {
        MessageChannel receiver = receiverOf(streamOf(numberedEvents(PER_FRAME + 1)));

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, receiver::receive);

        assertThat(refused).hasMessageContaining("a MemEventsPart frame, where a whole message was expected");
    }

    @Test
    void anotherMessageBetweenTheFramesIsRefused() throws IOException {
        byte[] events = streamOf(numberedEvents(PER_FRAME + 1));
        byte[] firstFrame = Arrays.copyOf(events, Integer.BYTES + ByteBuffer.wrap(events).getInt());
        MessageChannel receiver = receiverOf(Frames.concat(firstFrame, Frames.frame(new Refusal("no"))));

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, receiver::receiveEvents);

        assertThat(refused).hasMessageContaining("a Refusal came between the frames of a MemEvents, after "
                + PER_FRAME + " of its events");
    }

    @Test
    void theStreamEndingBetweenTheFramesIsRefused() throws IOException {
        byte[] events = streamOf(numberedEvents(PER_FRAME + 1));
        byte[] firstFrame = Arrays.copyOf(events, Integer.BYTES + ByteBuffer.wrap(events).getInt());

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, receiverOf(firstFrame)::receiveEvents);

        assertThat(refused).hasMessageContaining("stream ends inside a MemEvents, after " + PER_FRAME + " of its events");
    }

    /**
     * More than the frame limit's worth of events through a real Unix domain socket, sender and receiver
     * running at once. The receiver's frame limit is 2 MiB: no frame may be larger.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void moreThanAFrameLimitOfEventsCrossesAUnixSocket(@TempDir Path dir) throws Exception {
        MemEvents events = numberedEvents(MANY_EVENTS);
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            try (SocketChannel clientSocket = SocketChannel.open(address);
                    SocketChannel serverSocket = listener.accept()) {
                MessageChannel receiver = new MessageChannel(clientSocket, clientSocket, 2 << 20);
                CountingChannel counted = new CountingChannel(serverSocket);
                MessageChannel sender = new MessageChannel(serverSocket, counted, Protocol.DEFAULT_MAX_FRAME_BYTES);
                resetHeapPeaks();
                long start = System.nanoTime();
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        sender.sendEvents(events);
                        sender.send(new Confirmation());
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                Message received = receiver.receiveEvents();
                long nanos = System.nanoTime() - start;
                sending.get(60, TimeUnit.SECONDS);

                System.out.printf("streamed %,d events (%,d bytes) in %d ms: %,.0f events/s, %.0f MiB/s; "
                                + "heap peak %,d MiB (the events themselves: both lists)%n",
                        MANY_EVENTS, counted.bytes, TimeUnit.NANOSECONDS.toMillis(nanos), MANY_EVENTS * 1e9 / nanos,
                        counted.bytes * 1e9 / nanos / (1 << 20), heapPeakBytes() >> 20);
                assertThat(counted.bytes).as("more than one frame may hold").isGreaterThan(Protocol.DEFAULT_MAX_FRAME_BYTES);
                // equals, not an AssertJ element comparison: that would print millions of events on failure
                assertThat(received.equals(events)).as("the events arrived whole and in order").isTrue();
                assertThat(receiver.receiveEvents()).isEqualTo(new Confirmation());
            }
        }
    }

    /** Events with distinct addresses and ips, so that any loss or reordering shows. */
    private static MemEvents numberedEvents(int count) {
        List<AccessEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AccessRange range = new AccessRange(0x7f00_0000_0000L + 8L * i, 8);
            long ip = 0x7f9a_0000_0000L + i;
            events.add(i % 3 == 0 ? new AccessEvent.Read(range, ip) : new AccessEvent.Write(range, i % 3 == 1, ip));
        }
        return new MemEvents(events);
    }

    private static byte[] streamOf(MemEvents events) throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        new MessageChannel(Frames.readable(new byte[0]), Channels.newChannel(written), Protocol.DEFAULT_MAX_FRAME_BYTES)
                .sendEvents(events);
        return written.toByteArray();
    }

    private static MessageChannel receiverOf(byte[] stream) {
        return new MessageChannel(
                Frames.readable(stream), Channels.newChannel(new ByteArrayOutputStream()), Protocol.DEFAULT_MAX_FRAME_BYTES);
    }

    private static int frameCount(byte[] stream) {
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        int frames = 0;
        while (buffer.hasRemaining()) {
            buffer.position(buffer.position() + Integer.BYTES + buffer.getInt());
            frames++;
        }
        return frames;
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap's peak. */
    private static long heapPeakBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Counts the bytes written through it. */
    private static final class CountingChannel implements WritableByteChannel {
        private final SocketChannel socket;
        long bytes;

        CountingChannel(SocketChannel socket) {
            this.socket = socket;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int written = socket.write(source);
            bytes += written;
            return written;
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
