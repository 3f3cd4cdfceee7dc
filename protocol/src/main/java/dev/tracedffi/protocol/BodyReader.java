package dev.tracedffi.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageFormatException;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageTypeException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;

/**
 * Reads the values of one message body, each named for error reports. Every problem becomes a
 * {@link ProtocolException} that names the value and its offset in the body; msgpack's own
 * exceptions never escape. A declared string or array length is checked against the bytes that
 * remain (and an array's against its limit) before anything of that length is allocated.
 */
final class BodyReader {

    private final ArrayBufferInput input = new ArrayBufferInput(new byte[0]);
    private final MessageUnpacker unpacker = new MessagePack.UnpackerConfig()
            .withAllowReadingBinaryAsString(false)
            .newUnpacker(input);
    // Reports malformed input instead of replacing it (the default of a fresh decoder).
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();

    private byte[] array;
    private int base;
    private int length;
    /** Offset in the body of the value being read, for error reports. */
    private long valueStart;

    void start(byte[] array, int offset, int length) {
        this.array = array;
        this.base = offset;
        this.length = length;
        this.valueStart = 0;
        input.reset(array, offset, length);
        try {
            unpacker.reset(input);
        } catch (IOException e) {
            throw new UncheckedIOException("resetting an in-memory input cannot fail", e);
        }
    }

    /** Offset in the body of the next value. */
    long offset() {
        return unpacker.getTotalReadBytes();
    }

    long readLong(String what) throws ProtocolException {
        valueStart = offset();
        try {
            return unpacker.unpackLong();
        } catch (MessagePackException | IOException e) {
            throw malformed(what, "an integer", e);
        }
    }

    int readInt(String what) throws ProtocolException {
        valueStart = offset();
        try {
            return unpacker.unpackInt();
        } catch (MessagePackException | IOException e) {
            throw malformed(what, "a 32-bit integer", e);
        }
    }

    boolean readBoolean(String what) throws ProtocolException {
        valueStart = offset();
        try {
            return unpacker.unpackBoolean();
        } catch (MessagePackException | IOException e) {
            throw malformed(what, "a boolean", e);
        }
    }

    String readString(String what) throws ProtocolException {
        valueStart = offset();
        int size;
        try {
            size = unpacker.unpackRawStringHeader();
        } catch (MessagePackException | IOException e) {
            throw malformed(what, "a string", e);
        }
        checkDeclaredLength(what, size);
        if (size == 0) {
            return ""; // shared: a peer that sends a million empty labels gets no million strings
        }
        try {
            ByteBuffer bytes = unpacker.readPayloadAsReference(size).sliceAsByteBuffer();
            int from = bytes.arrayOffset() + bytes.position();
            // ASCII, the usual case, is valid as it is and costs one copy; the strict decoder builds a
            // char buffer first (three times the bytes in all).
            return isAscii(bytes.array(), from, size)
                    ? new String(bytes.array(), from, size, StandardCharsets.US_ASCII)
                    : utf8.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(what + " is not valid UTF-8", valueStart, e);
        } catch (MessagePackException | IOException e) {
            throw malformed(what, "a string", e);
        }
    }

    private static boolean isAscii(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** A string that may be nil. */
    String readNullableString(String what) throws ProtocolException {
        valueStart = offset();
        try {
            if (unpacker.tryUnpackNil()) {
                return null;
            }
        } catch (MessagePackException | IOException e) {
            throw malformed(what, "a string or nil", e);
        }
        return readString(what);
    }

    /**
     * An array header; returns its element count, which is at most the bytes that remain (every
     * element takes at least one byte), so callers may pre-size collections by it.
     */
    int readArrayHeader(String what) throws ProtocolException {
        return readArrayHeader(what, Integer.MAX_VALUE, 1);
    }

    /**
     * An array header whose element count is at most {@code limit} and whose elements, each at least
     * {@code minElementBytes} long, fit in the bytes that remain: checked before the caller allocates
     * anything for them.
     */
    int readArrayHeader(String what, int limit, int minElementBytes) throws ProtocolException {
        valueStart = offset();
        int elements;
        try {
            elements = unpacker.unpackArrayHeader();
        } catch (MessagePackException | IOException e) {
            throw malformed(what, "an array", e);
        }
        if (elements > limit) {
            throw errorAtValue(what + " declares " + elements + " elements, more than the limit of " + limit);
        }
        long remaining = length - offset();
        if ((long) elements * minElementBytes > remaining) {
            throw errorAtValue(what + " declares " + elements + " elements but only " + remaining
                    + " bytes remain in the body" + (minElementBytes > 1
                            ? " (each element takes at least " + minElementBytes + " bytes)" : ""));
        }
        return elements;
    }

    /** An array header that must declare exactly {@code elements}. */
    void expectArray(String what, int elements) throws ProtocolException {
        int declared = readArrayHeader(what);
        if (declared != elements) {
            throw errorAtValue(what + " has " + declared + " elements, expected " + elements);
        }
    }

    /** Fails unless the whole body has been read. */
    void expectEnd() throws ProtocolException {
        long end = offset();
        if (end != length) {
            throw new ProtocolException((length - end) + " trailing bytes after the message", end);
        }
    }

    /** An error about the value read last, at its offset. */
    ProtocolException errorAtValue(String problem) {
        return new ProtocolException(problem, valueStart);
    }

    private void checkDeclaredLength(String what, int declared) throws ProtocolException {
        long remaining = length - offset();
        if (declared > remaining) {
            throw errorAtValue(what + " declares " + declared + " bytes but only " + remaining
                    + " bytes remain in the body");
        }
    }

    private ProtocolException malformed(String what, String expected, Exception e) {
        String problem;
        if (e instanceof MessageInsufficientBufferException) {
            problem = "body ends inside " + what;
        } else if (e instanceof MessageIntegerOverflowException) {
            problem = what + " is out of range: " + integerAtValue();
        } else if (e instanceof MessageSizeException size) {
            problem = what + " declares a length of " + size.getSize() + ", more than any body holds";
        } else if (e instanceof MessageTypeException || e instanceof MessageFormatException) {
            problem = "expected " + expected + " for " + what + ", found " + found();
        } else {
            problem = "unreadable " + what + ": " + e.getMessage();
        }
        return new ProtocolException(problem, valueStart, e);
    }

    /**
     * The integer at {@link #valueStart}, read again whatever its size (msgpack's overflow exception
     * does not always carry the right value).
     */
    private String integerAtValue() {
        int at = base + (int) valueStart;
        try (MessageUnpacker integer = MessagePack.newDefaultUnpacker(array, at, length - (int) valueStart)) {
            return integer.unpackBigInteger().toString();
        } catch (MessagePackException | IOException e) {
            return "(unreadable)";
        }
    }

    /** What kind of value starts at {@link #valueStart}. */
    private String found() {
        byte first = array[base + (int) valueStart];
        try {
            return MessageFormat.valueOf(first).getValueType().name();
        } catch (MessageFormatException e) {
            return String.format("the reserved byte 0x%02x", first & 0xff);
        }
    }
}
