package dev.tracedffi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessagePacker;

/**
 * The most expensive frames a peer can send, each within the default frame limit: what decoding them
 * allocates stays within a small multiple of the frame limit, and a frame over a list limit is refused
 * before anything is built for it.
 */
class DecodingCostTest {

    private static final int FRAME_LIMIT = Protocol.DEFAULT_MAX_FRAME_BYTES;
    /** What a frame may cost at most: the largest, one non-ASCII string, is decoded through a UTF-16 buffer. */
    private static final long ALLOCATION_BOUND = 13L * FRAME_LIMIT / 4;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static Stream<Arguments> largestAcceptedFrames() {
        return Stream.of(
                Arguments.of("StartFfi, every page a 9-byte integer", body(p -> {
                    startFfiUpToPages(p).packArrayHeader(MessageLimits.MAX_PAGES);
                    for (int i = 0; i < MessageLimits.MAX_PAGES; i++) {
                        p.packLong(0x7f00_0000_0000L + 4096L * i);
                    }
                    p.packLong(0).packLong(0).packArrayHeader(0).packArrayHeader(0);
                })),
                Arguments.of("StartFfi, the most allocations, each 6 bytes", body(p -> {
                    startFfiUpToPages(p).packArrayHeader(0).packLong(0).packLong(0)
                            .packArrayHeader(MessageLimits.MAX_ALLOCATIONS);
                    for (int i = 0; i < MessageLimits.MAX_ALLOCATIONS; i++) {
                        p.packArrayHeader(5).packString("").packLong(0).packLong(0).packBoolean(false).packArrayHeader(0);
                    }
                    p.packArrayHeader(0);
                })),
                Arguments.of("StartFfi, the most allocation sites and Java frames", body(p -> {
                    startFfiUpToPages(p).packArrayHeader(0).packLong(0).packLong(0)
                            .packArrayHeader(MessageLimits.MAX_ALLOCATIONS);
                    for (int i = 0; i < MessageLimits.MAX_ALLOCATIONS; i++) {
                        p.packArrayHeader(5).packString("").packLong(0).packLong(0).packBoolean(false)
                                .packArrayHeader(4).packString("").packString("").packNil().packInt(0);
                    }
                    p.packArrayHeader(MessageLimits.MAX_CALL_FRAMES);
                    for (int i = 0; i < MessageLimits.MAX_CALL_FRAMES; i++) {
                        p.packArrayHeader(4).packString("").packString("").packNil().packInt(0);
                    }
                })),
                Arguments.of("MemEvents, the most events, each 4 bytes", body(p -> {
                    p.packArrayHeader(3).packInt(6).packArrayHeader(5 * MessageLimits.MAX_EVENTS_PER_FRAME);
                    for (int i = 0; i < 5 * MessageLimits.MAX_EVENTS_PER_FRAME; i++) {
                        p.packInt(0);
                    }
                    p.packArrayHeader(0);
                })),
                Arguments.of("MemEvents, the most instructions and native stack lines", body(p -> {
                    p.packArrayHeader(3).packInt(6).packArrayHeader(0).packArrayHeader(MessageLimits.MAX_INSTRUCTIONS);
                    int linesEach = MessageLimits.MAX_NATIVE_STACK_LINES / MessageLimits.MAX_INSTRUCTIONS;
                    for (int i = 0; i < MessageLimits.MAX_INSTRUCTIONS; i++) {
                        p.packArrayHeader(3).packInt(0).packString("").packArrayHeader(linesEach);
                        for (int l = 0; l < linesEach; l++) {
                            p.packString("");
                        }
                    }
                })),
                Arguments.of("TestOutcome, the most links and stack frames", body(p -> {
                    p.packArrayHeader(3).packInt(7).packInt(2).packArrayHeader(MessageLimits.MAX_CAUSES);
                    int framesPerLink = MessageLimits.MAX_STACK_FRAMES / MessageLimits.MAX_CAUSES;
                    for (int i = 0; i < MessageLimits.MAX_CAUSES; i++) {
                        p.packArrayHeader(5).packString("").packNil().packArrayHeader(framesPerLink);
                        for (int f = 0; f < framesPerLink; f++) {
                            p.packArrayHeader(4).packString("").packString("").packNil().packInt(0);
                        }
                        p.packNil().packNil();
                    }
                })),
                Arguments.of("RunMain, the most arguments", body(p -> {
                    p.packArrayHeader(5).packInt(8).packString("M").packArrayHeader(MessageLimits.MAX_ARGS);
                    for (int i = 0; i < MessageLimits.MAX_ARGS; i++) {
                        p.packString("");
                    }
                    p.packBoolean(true).packLong(Long.MIN_VALUE);
                })),
                Arguments.of("Refusal, one ASCII string filling the frame", body(p ->
                        p.packArrayHeader(2).packInt(3).packString("x".repeat(FRAME_LIMIT - 16)))),
                Arguments.of("Refusal, one string of 3-byte characters filling the frame", body(p ->
                        p.packArrayHeader(2).packInt(3).packString("\u4e2d".repeat((FRAME_LIMIT - 16) / 3)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largestAcceptedFrames")
    void aFrameAtTheLimitsCostsAFewTimesItsLimit(String kind, byte[] body) throws ProtocolException {
        assertThat(body.length).isLessThanOrEqualTo(FRAME_LIMIT);
        MessageDecoder decoder = new MessageDecoder();
        decoder.decode(Frames.body(new Confirmation())); // class loading is not the frame's cost

        long before = threads.getCurrentThreadAllocatedBytes();
        Message decoded = decoder.decode(body);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        System.out.printf("%-60s %,11d bytes in, %,13d bytes allocated (%.1f per byte in, %.2f of the frame limit)%n",
                kind, body.length, allocated, (double) allocated / body.length, (double) allocated / FRAME_LIMIT);
        assertThat(decoded).isNotNull();
        assertThat(allocated).isLessThan(ALLOCATION_BOUND);
    }

    static Stream<Arguments> framesOverALimit() {
        return Stream.of(
                Arguments.of("StartFfi of 11 million 6-byte allocations (about 1.3 GB of objects before the limits)",
                        body(p -> {
                            startFfiUpToPages(p).packArrayHeader(0).packLong(0).packLong(0)
                                    .packArrayHeader((FRAME_LIMIT - 64) / 6);
                            for (int i = 0; i < (FRAME_LIMIT - 64) / 6; i++) {
                                p.packArrayHeader(5).packString("").packLong(0).packLong(0).packBoolean(false)
                                        .packArrayHeader(0);
                            }
                        }), "more than the limit of " + MessageLimits.MAX_ALLOCATIONS),
                Arguments.of("StartFfi of 60 million 1-byte pages", body(p -> {
                    startFfiUpToPages(p).packArrayHeader(60_000_000);
                    p.writePayload(new byte[60_000_000]);
                }), "more than the limit of " + MessageLimits.MAX_PAGES),
                Arguments.of("MemEvents of 60 million instructions' 1-byte stack lines", body(p -> {
                    p.packArrayHeader(3).packInt(6).packArrayHeader(0).packArrayHeader(1)
                            .packArrayHeader(3).packInt(0).packString("").packArrayHeader(60_000_000);
                    p.writePayload(new byte[60_000_000]);
                }), "more than the limit of " + MessageLimits.MAX_NATIVE_STACK_LINES),
                Arguments.of("MemEvents of 15 million 4-byte instructions", body(p -> {
                    p.packArrayHeader(3).packInt(6).packArrayHeader(0).packArrayHeader(15_000_000);
                    p.writePayload(new byte[60_000_000]);
                }), "more than the limit of " + MessageLimits.MAX_INSTRUCTIONS),
                Arguments.of("MemEvents of 16 million 4-byte events", body(p -> {
                    p.packArrayHeader(3).packInt(6).packArrayHeader(64_000_000);
                    p.writePayload(new byte[64_000_000]);
                }), "more than the limit of " + 5 * MessageLimits.MAX_EVENTS_PER_FRAME),
                Arguments.of("TestOutcome of 10 million 6-byte links", body(p -> {
                    p.packArrayHeader(3).packInt(7).packInt(2).packArrayHeader(10_000_000);
                    p.writePayload(new byte[60_000_000]);
                }), "more than the limit of " + MessageLimits.MAX_CAUSES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framesOverALimit")
    void aFrameOverAListLimitIsRefusedBeforeItsListIsBuilt(String kind, byte[] body, String problem) {
        MessageDecoder decoder = new MessageDecoder();
        // class loading and the first exception are not the frame's cost
        catchThrowableOfType(ProtocolException.class, () -> decoder.decode(Frames.bytes(0x92, 0x06, 0xdc, 0x00, 0x3c)));

        long before = threads.getCurrentThreadAllocatedBytes();
        ProtocolException refused = catchThrowableOfType(ProtocolException.class, () -> decoder.decode(body));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        System.out.printf("%-60s %,11d bytes in, %,13d bytes allocated to refuse it%n", kind, body.length, allocated);
        assertThat(refused).hasMessageContaining(problem);
        assertThat(allocated).isLessThan(1 << 20);
    }

    /** A StartFfi body up to (not including) its page list. */
    private static MessagePacker startFfiUpToPages(MessagePacker packer) throws java.io.IOException {
        return packer.packArrayHeader(9).packInt(4).packLong(1234).packString("call").packLong(4096);
    }

    private static byte[] body(Frames.Packing packing) {
        return Frames.body(packing);
    }
}
