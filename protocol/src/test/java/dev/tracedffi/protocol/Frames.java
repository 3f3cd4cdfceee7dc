package dev.tracedffi.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** Builds frames and bodies byte by byte for the tests. */
final class Frames {

    /** Packs values by hand, to make bodies the encoder never would. */
    interface Packing {
        void pack(MessagePacker packer) throws IOException;
    }

    private Frames() {
    }

    static byte[] body(Packing packing) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packing.pack(packer);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] body(Message message) {
        ByteBuffer encoded;
        try {
            encoded = new MessageEncoder().encode(message);
        } catch (ProtocolException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = new byte[encoded.remaining()];
        encoded.get(body);
        return body;
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** {@code body} behind a length prefix that declares {@code declaredLength}. */
    static byte[] frame(int declaredLength, byte[] body) {
        return ByteBuffer.allocate(Integer.BYTES + body.length).putInt(declaredLength).put(body).array();
    }

    static byte[] frame(byte[] body) {
        return frame(body.length, body);
    }

    static byte[] frame(Message message) {
        return frame(body(message));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static ReadableByteChannel readable(byte[] stream) {
        return Channels.newChannel(new ByteArrayInputStream(stream));
    }
}
