package dev.tracedffi.benchmarks;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.Confirmation;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.Message;
import dev.tracedffi.protocol.MessageChannel;
import dev.tracedffi.protocol.MessageDecoder;
import dev.tracedffi.protocol.MessageEncoder;
import dev.tracedffi.protocol.Protocol;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.protocol.TraceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Throughput of the protocol codec: a plain harness (warm-up rounds, then measured rounds, median
 * and spread reported) that prints one table row per case. Run with
 * {@code java -cp <classpath> dev.tracedffi.benchmarks.CodecBenchmark}.
 */
public final class CodecBenchmark {

    /** What a traced 1 MiB memcpy of 16-byte loads and stores yields. */
    private static final int EVENTS = 65_536;
    private static final int WARMUP_ROUNDS = 5;
    private static final int MEASURED_ROUNDS = 7;
    private static final long ROUND_NANOS = 500_000_000L;

    /** One operation of a case; returns how many units (events or frames) it processed. */
    private interface Operation {
        long run() throws IOException;
    }

    /** Folds every result into one printed number, so the JIT cannot discard the work. */
    private static long sink;

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MemEvents memcpy = memcpyEvents();
        MessageEncoder encoder = new MessageEncoder();
        MessageDecoder decoder = new MessageDecoder();
        ByteBuffer encoded = encoder.encode(memcpy);
        byte[] memcpyBody = new byte[encoded.remaining()];
        encoded.get(memcpyBody);
        System.out.printf("MemEvents of %,d events: %,d bytes encoded (%.1f bytes/event)%n%n",
                EVENTS, memcpyBody.length, (double) memcpyBody.length / EVENTS);

        List<Message> smallMessages = List.of(Protocol.hello(4242, 4243), new Confirmation(),
                new TraceRequest.OverrideRetcode(3), new TraceRequest.StartFfi(startFfiInfo()));
        LoopbackChannel loopback = new LoopbackChannel();
        MessageChannel inMemory = new MessageChannel(loopback, loopback, Protocol.DEFAULT_MAX_FRAME_BYTES);

        System.out.printf("%-58s %16s %22s%n", "case", "median", "min .. max");
        report("MemEvents encode", "events/s", () -> {
            sink += encoder.encode(memcpy).remaining();
            return EVENTS;
        });
        report("MemEvents decode", "events/s", () -> {
            sink += ((MemEvents) decoder.decode(memcpyBody)).accEvents().size();
            return EVENTS;
        });
        report("MemEvents encode+decode", "events/s", () -> {
            sink += ((MemEvents) decoder.decode(encoder.encode(memcpy))).accEvents().size();
            return EVENTS;
        });
        report("MemEvents send+receive, in-memory channel", "events/s", () -> {
            inMemory.send(memcpy);
            sink += ((MemEvents) inMemory.receive()).accEvents().size();
            return EVENTS;
        });
        report("small messages send+receive, in-memory channel", "frames/s", () -> {
            for (Message message : smallMessages) {
                inMemory.send(message);
                sink += inMemory.receive().hashCode();
            }
            return smallMessages.size();
        });
        try (UnixSocketPair sockets = UnixSocketPair.open()) {
            report("MemEvents send+receive, Unix socket, sender thread", "events/s", () -> {
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> sendQuietly(sockets.client, memcpy));
                sink += ((MemEvents) sockets.server.receive()).accEvents().size();
                sent.join();
                return EVENTS;
            });
            report("small message round trip (send, answer), Unix socket", "frames/s", () -> {
                sockets.client.send(Protocol.hello(1, 2));
                sockets.server.receive();
                sockets.server.send(new Confirmation());
                sink += sockets.client.receive().hashCode();
                return 2;
            });
        }
        System.out.println();
        System.out.println("(checksum " + sink + ")");
    }

    private static void report(String name, String unit, Operation operation) throws IOException {
        double[] rates = sortedRates(operation);
        System.out.printf("%-58s %,12.0f %-8s %,10.0f .. %,.0f%n",
                name, rates[MEASURED_ROUNDS / 2], unit, rates[0], rates[MEASURED_ROUNDS - 1]);
    }

    /** Median events per second of encoding then decoding the MemEvents of a traced 1 MiB memcpy. */
    static double memEventsEncodeDecodeRate() throws IOException {
        MemEvents memcpy = memcpyEvents();
        MessageEncoder encoder = new MessageEncoder();
        MessageDecoder decoder = new MessageDecoder();
        double[] rates = sortedRates(() -> {
            sink += ((MemEvents) decoder.decode(encoder.encode(memcpy))).accEvents().size();
            return EVENTS;
        });
        return rates[MEASURED_ROUNDS / 2];
    }

    /** Rates of the measured rounds after the warm-up, ascending. */
    private static double[] sortedRates(Operation operation) throws IOException {
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            runRound(operation);
        }
        double[] rates = new double[MEASURED_ROUNDS];
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            rates[round] = runRound(operation);
        }
        Arrays.sort(rates);
        return rates;
    }

    /** Units per second over one round of about {@link #ROUND_NANOS}. */
    private static double runRound(Operation operation) throws IOException {
        long units = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            units += operation.run();
            elapsed = System.nanoTime() - start;
        } while (elapsed < ROUND_NANOS);
        return units * 1e9 / elapsed;
    }

    private static MemEvents memcpyEvents() {
        long source = 0x7f3a_1000_0000L;
        long destination = source + (2 << 20);
        List<AccessEvent> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS / 2; i++) {
            events.add(new AccessEvent.Read(new AccessRange(source + 16L * i, 16), 0x7f3a_0012_3450L));
            events.add(new AccessEvent.Write(new AccessRange(destination + 16L * i, 16), true, 0x7f3a_0012_3455L));
        }
        return new MemEvents(events);
    }

    private static StartFfiInfo startFfiInfo() {
        long arena = 0x7f3a_1000_0000L;
        return new StartFfiInfo(4243, "crc32", 4096, List.of(arena, arena + 4096, arena + 8192, arena + 12288),
                0x7f3a_2000_1000L, 1L << 30,
                List.of(new AllocationInfo("src", new AccessRange(arena + 64, 4000), false),
                        new AllocationInfo("dst", new AccessRange(arena + 8256, 64), false)));
    }

    private static void sendQuietly(MessageChannel channel, Message message) {
        try {
            channel.send(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes written are read back, in order, from one growing heap buffer: framing cost without a kernel. */
    private static final class LoopbackChannel implements ReadableByteChannel, WritableByteChannel {
        private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).flip();

        @Override
        public int write(ByteBuffer source) {
            int count = source.remaining();
            if (buffer.capacity() - buffer.limit() < count) {
                buffer.compact();
                if (buffer.remaining() < count) {
                    buffer = ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + count))
                            .put(buffer.flip());
                }
                buffer.flip();
            }
            int position = buffer.position();
            buffer.position(buffer.limit()).limit(buffer.limit() + count);
            buffer.put(source);
            buffer.position(position);
            return count;
        }

        @Override
        public int read(ByteBuffer destination) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int count = Math.min(destination.remaining(), buffer.remaining());
            destination.put(buffer.slice().limit(count));
            buffer.position(buffer.position() + count);
            return count;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Both ends of one Unix domain socket connection, as message channels. */
    private static final class UnixSocketPair implements AutoCloseable {
        final MessageChannel client;
        final MessageChannel server;
        private final Path directory;

        private UnixSocketPair(MessageChannel client, MessageChannel server, Path directory) {
            this.client = client;
            this.server = server;
            this.directory = directory;
        }

        static UnixSocketPair open() throws IOException {
            Path directory = Files.createTempDirectory("codec-benchmark");
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(directory.resolve("socket"));
            try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                listener.bind(address);
                SocketChannel client = SocketChannel.open(address);
                SocketChannel server = listener.accept();
                return new UnixSocketPair(new MessageChannel(client), new MessageChannel(server), directory);
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
            server.close();
            Files.deleteIfExists(directory.resolve("socket"));
            Files.delete(directory);
        }
    }
}
