package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.FrameReader;
import dev.tracedffi.protocol.Message;
import dev.tracedffi.protocol.MessageDecoder;
import dev.tracedffi.protocol.MessageEncoder;
import dev.tracedffi.protocol.Protocol;
import dev.tracedffi.protocol.ProtocolException;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.protocol.TraceRequest;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Optional;

/** Frames byte by byte, as a hostile child makes them, and what this JVM's decoder makes of them. */
final class RawFrames {

    /** What the decoder makes of a stream: the request it holds, or the problem it has (its message). */
    record Decoded(Optional<StartFfiInfo> info, String problem) {
    }

    interface Packing {
        void pack(MessagePacker packer) throws IOException;
    }

    private RawFrames() {
    }

    /** Decodes {@code stream} followed by its end, as the supervisor would, with the default frame limit. */
    static Decoded decode(byte[] stream) {
        FrameReader reader = new FrameReader(Channels.newChannel(new ByteArrayInputStream(stream)),
                Protocol.DEFAULT_MAX_FRAME_BYTES);
        try {
            Message message = new MessageDecoder().decode(reader.readFrame());
            if (reader.readFrame() != null) {
                throw new IllegalStateException("more than one frame");
            }
            return message instanceof TraceRequest.StartFfi start
                    ? new Decoded(Optional.of(start.info()), null) : new Decoded(Optional.empty(), "not a StartFfi");
        } catch (ProtocolException e) {
            return new Decoded(Optional.empty(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] packed(Packing packing) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packing.pack(packer);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] body(Message message) {
        try {
            ByteBuffer encoded = new MessageEncoder().encode(message);
            byte[] body = new byte[encoded.remaining()];
            encoded.get(body);
            return body;
        } catch (ProtocolException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] frame(byte[] body) {
        return prefixed(body.length, body);
    }

    /** {@code body} behind a length prefix that declares {@code declaredLength}. */
    static byte[] prefixed(int declaredLength, byte[] body) {
        return ByteBuffer.allocate(Integer.BYTES + body.length).putInt(declaredLength).put(body).array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
