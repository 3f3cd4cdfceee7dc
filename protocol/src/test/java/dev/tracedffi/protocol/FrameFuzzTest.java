package dev.tracedffi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated valid frames: every one must decode to messages or be refused with a ProtocolException;
 * never another exception, never a hang, never an allocation out of proportion to the input.
 */
class FrameFuzzTest {

    private static final long SEED = 0x7ace_dff1_0002L;
    private static final int CASES = 120_000;
    private static final int VALID_FRAMES = 2_000;
    /** Far above every fuzzed frame, so a reader that trusted a tampered length would allocate megabytes. */
    private static final int MAX_FRAME_BYTES = 16 << 20;
    /** Interesting msgpack format bytes: reserved, nil, the widest integers, strings and arrays, fix containers. */
    private static final int[] FORMAT_BYTES = {
        0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xcc, 0xcf, 0xd3,
        0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff};

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyMutatedFrameDecodesOrIsRefused() throws ProtocolException {
        Random random = new Random(SEED);
        List<byte[]> validBodies = new ArrayList<>();
        for (int i = 0; i < VALID_FRAMES; i++) {
            validBodies.add(Frames.body(SampleMessages.random(random)));
        }
        MessageDecoder decoder = new MessageDecoder();
        MessageEncoder encoder = new MessageEncoder();
        int decoded = 0;
        int refused = 0;
        long largestAllocation = 0;
        long start = System.nanoTime();

        for (int i = 0; i < CASES; i++) {
            byte[] stream = mutatedStream(validBodies.get(random.nextInt(validBodies.size())), random);
            List<Message> messages = new ArrayList<>();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            boolean wasRefused = false;
            try {
                FrameReader reader = new FrameReader(new ByteArrayReadableChannel(stream), MAX_FRAME_BYTES);
                for (ByteBuffer body = reader.readFrame(); body != null; body = reader.readFrame()) {
                    messages.add(decoder.decode(body));
                }
            } catch (ProtocolException e) {
                wasRefused = true;
            } catch (Throwable e) {
                fail("case " + i + " threw " + e + " for " + HexFormat.of().formatHex(stream), e);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            largestAllocation = Math.max(largestAllocation, allocated);
            assertThat(allocated)
                    .as("bytes allocated to read case %d, %s", i, HexFormat.of().formatHex(stream))
                    .isLessThan(allocationBound(stream.length));

            // Whatever decodes must survive a round trip unchanged: the decoder accepts only what the encoder writes.
            for (Message message : messages) {
                assertThat(decodeQuietly(decoder, encoder.encode(message))).as("case %d", i).isEqualTo(message);
            }
            if (wasRefused) {
                refused++;
            } else {
                decoded++;
            }
        }

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("fuzz: %d cases in %d ms: %d decoded, %d refused; largest allocation %d bytes%n",
                CASES, millis, decoded, refused, largestAllocation);
        // Both outcomes must be common, or the mutations are not exercising the decoder.
        assertThat(decoded).isGreaterThan(CASES / 50);
        assertThat(refused).isGreaterThan(CASES / 2);
    }

    /**
     * Generous (the first case also pays for class initialisation), yet far below what a buffer or
     * list sized from a tampered declared length would take.
     */
    private static long allocationBound(int inputBytes) {
        return (1 << 20) + 64L * inputBytes;
    }

    private static Message decodeQuietly(MessageDecoder decoder, ByteBuffer body) {
        try {
            return decoder.decode(body);
        } catch (ProtocolException e) {
            throw new AssertionError("a re-encoded message was refused", e);
        }
    }

    /** Half the cases mutate the body and keep the frame's length right; half mutate the raw stream. */
    private static byte[] mutatedStream(byte[] body, Random random) {
        if (random.nextBoolean()) {
            return Frames.frame(mutate(body, random));
        }
        byte[] stream = Frames.frame(body);
        return random.nextInt(4) == 0 ? tamperLength(stream, random) : mutate(stream, random);
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
            bytes = mutateOnce(bytes, random);
        }
        return bytes;
    }

    private static byte[] mutateOnce(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt()};
        }
        int at = random.nextInt(bytes.length);
        byte[] copy = bytes.clone();
        switch (random.nextInt(6)) {
            case 0 -> copy[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> copy[at] = (byte) FORMAT_BYTES[random.nextInt(FORMAT_BYTES.length)];
            case 2 -> copy[at] = (byte) random.nextInt();
            case 3 -> {
                copy = Arrays.copyOf(bytes, bytes.length + 1);
                System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
                copy[at] = (byte) random.nextInt();
            }
            case 4 -> {
                copy = Arrays.copyOf(bytes, bytes.length - 1);
                System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
            }
            default -> copy = Arrays.copyOf(bytes, at);
        }
        return copy;
    }

    private static byte[] tamperLength(byte[] stream, Random random) {
        int length = ByteBuffer.wrap(stream).getInt();
        int tampered = switch (random.nextInt(5)) {
            case 0 -> length + 1 + random.nextInt(16);
            case 1 -> Math.max(0, length - 1 - random.nextInt(16));
            case 2 -> MAX_FRAME_BYTES - random.nextInt(2);
            case 3 -> MAX_FRAME_BYTES + 1 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME_BYTES);
            default -> random.nextInt();
        };
        byte[] copy = stream.clone();
        ByteBuffer.wrap(copy).putInt(tampered);
        return copy;
    }
}
