package dev.tracedffi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.junit.jupiter.api.Test;

class FrameSizeLimitTest {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aFrameOverTheMaximumIsRefusedBeforeItsBodyIsRead() {
        byte[] body = Frames.body(new Refusal("x".repeat(2000)));
        ByteArrayReadableChannel channel = new ByteArrayReadableChannel(Frames.frame(body));
        FrameReader reader = new FrameReader(channel, body.length - 1);

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, reader::readFrame);

        assertThat(refused).hasMessageContaining("frame of " + body.length + " bytes is longer than the maximum of "
                + (body.length - 1) + " bytes");
        assertThat(channel.bytesRead()).as("only the length prefix was read").isEqualTo(Integer.BYTES);
    }

    @Test
    void aFrameOfExactlyTheMaximumIsRead() throws Exception {
        byte[] body = Frames.body(new Refusal("x".repeat(2000)));
        FrameReader reader = new FrameReader(new ByteArrayReadableChannel(Frames.frame(body)), body.length);

        assertThat(new MessageDecoder().decode(reader.readFrame())).isEqualTo(new Refusal("x".repeat(2000)));
    }

    @Test
    void theLargestDeclaredLengthCostsNoMemory() {
        FrameReader reader = new FrameReader(
                new ByteArrayReadableChannel(Frames.frame(Integer.MAX_VALUE, new byte[16])), Protocol.DEFAULT_MAX_FRAME_BYTES);
        long before = threads.getCurrentThreadAllocatedBytes();

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, reader::readFrame);

        assertThat(refused).hasMessageContaining("longer than the maximum of 67108864 bytes");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
    }

    @Test
    void aDeclaredLengthIsNotAllocatedBeforeTheBytesArrive() {
        int declared = 60 << 20; // under the default maximum, but the stream ends after 100 bytes
        FrameReader reader = new FrameReader(
                new ByteArrayReadableChannel(Frames.frame(declared, new byte[100])), Protocol.DEFAULT_MAX_FRAME_BYTES);
        long before = threads.getCurrentThreadAllocatedBytes();

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, reader::readFrame);

        assertThat(refused).hasMessageContaining("stream ends after 100 of the " + declared + " bytes of a frame's body");
        assertThat(refused.offset()).isEqualTo(104);
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
    }

    @Test
    void aFrameLongerThanTheFirstChunkIsReadWhole() throws Exception {
        MemEvents events = SampleMessages.memcpyEvents(65_536, 0x7f00_0000_0000L);
        FrameReader reader = new FrameReader(
                new ByteArrayReadableChannel(Frames.frame(events)), Protocol.DEFAULT_MAX_FRAME_BYTES);

        assertThat(new MessageDecoder().decode(reader.readFrame())).isEqualTo(events);
        assertThat(reader.readFrame()).isNull();
    }

    @Test
    void aMessageOverTheMaximumIsNotSentAndTheStreamStaysUsable() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        MessageChannel channel = new MessageChannel(new ByteArrayReadableChannel(new byte[0]),
                Channels.newChannel(written), 1000);

        ProtocolException refused = catchThrowableOfType(ProtocolException.class,
                () -> channel.send(SampleMessages.memcpyEvents(1000, 0)));
        channel.send(new Confirmation());

        assertThat(refused).hasMessageContaining("is longer than the maximum frame of 1000 bytes; not sent");
        assertThat(written.toByteArray()).isEqualTo(Frames.frame(new Confirmation()));
    }

    @Test
    void anEmptyBodyIsAFrameOfLengthZero() throws Exception {
        FrameReader reader = new FrameReader(new ByteArrayReadableChannel(Frames.frame(new byte[0])), 0);

        ByteBuffer body = reader.readFrame();

        assertThat(body.remaining()).isZero();
        assertThat(reader.readFrame()).isNull();
    }
}
