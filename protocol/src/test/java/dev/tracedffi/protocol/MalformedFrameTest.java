package dev.tracedffi.protocol;

import static dev.tracedffi.protocol.Frames.body;
import static dev.tracedffi.protocol.Frames.bytes;
import static dev.tracedffi.protocol.Frames.concat;
import static dev.tracedffi.protocol.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-made bad input, one kind per row: each must raise a ProtocolException naming the problem and where it is. */
class MalformedFrameTest {

    private static final int MAX_FRAME_BYTES = 1024;

    private static final byte[] CONFIRMATION_FRAME = frame(new Confirmation());

    static Stream<Arguments> malformedStreams() {
        return Stream.of(
                // framing; offsets count from the start of the stream
                row("length prefix above the maximum", frame(MAX_FRAME_BYTES + 1, new byte[0]),
                        "frame of 1025 bytes is longer than the maximum of 1024 bytes", 0),
                rowAfterValidFrame("length prefix above the maximum, second frame",
                        frame(Integer.MAX_VALUE, new byte[8]),
                        "frame of 2147483647 bytes is longer than the maximum", 6),
                row("negative length prefix", frame(-1, new byte[8]), "negative frame length -1", 0),
                rowAfterValidFrame("stream ends inside the length prefix", bytes(0, 0),
                        "stream ends after 2 of the 4 bytes of a frame's length prefix", 8),
                row("stream ends inside the body", frame(10, bytes(0x93, 1, 2)),
                        "stream ends after 3 of the 10 bytes of a frame's body", 7),

                // bodies; offsets count from the start of the body
                row("empty body", frame(new byte[0]), "body ends inside message", 0),
                row("body is not an array", frame(body(p -> p.packInt(2))),
                        "expected an array for message, found INTEGER", 0),
                row("empty message array", frame(body(p -> p.packArrayHeader(0))), "empty message array", 0),
                row("unknown tag", frame(body(p -> p.packArrayHeader(1).packInt(99))), "unknown message tag 99", 1),
                row("tag of the wrong type", frame(body(p -> p.packArrayHeader(1).packString("hello"))),
                        "expected an integer for message tag, found STRING", 1),
                row("too few fields", frame(body(p -> p.packArrayHeader(3).packInt(1).packInt(1).packLong(2))),
                        "HELLO message has 3 elements, expected 4", 0),
                row("too many fields", frame(body(p -> p.packArrayHeader(2).packInt(2).packNil())),
                        "CONFIRMATION message has 2 elements, expected 1", 0),
                row("field of the wrong type",
                        frame(body(p -> p.packArrayHeader(4).packInt(1).packInt(1).packString("pid").packLong(3))),
                        "expected an integer for Hello.pid, found STRING", 3),
                row("nil for a string that is required", frame(body(p -> p.packArrayHeader(2).packInt(3).packNil())),
                        "expected a string for Refusal.reason, found NIL", 2),
                row("binary for a string", frame(body(p -> p.packArrayHeader(2).packInt(3).packBinaryHeader(1)
                                .writePayload(new byte[] {'x'}))),
                        "expected a string for Refusal.reason, found BINARY", 2),
                row("nil in a list of strings",
                        frame(body(p -> p.packArrayHeader(5).packInt(8).packString("Main").packArrayHeader(1).packNil())),
                        "expected a string for RunMain.args element, found NIL", 8),
                row("an integer where a boolean belongs",
                        frame(body(p -> p.packArrayHeader(5).packInt(8).packString("M").packArrayHeader(0).packInt(1).packLong(7))),
                        "expected a boolean for RunMain.awaitNext, found INTEGER", 5),
                row("a string where a marker belongs",
                        frame(body(p -> p.packArrayHeader(2).packInt(11).packString("7"))),
                        "expected an integer for MainEnded.outputMarker, found STRING", 2),
                row("reserved format byte", frame(bytes(0x92, 0x05, 0xc1)),
                        "expected a 32-bit integer for OverrideRetcode.code, found the reserved byte 0xc1", 2),
                row("integer too large for an int",
                        frame(body(p -> p.packArrayHeader(4).packInt(1).packLong(1L << 40).packInt(1).packInt(2))),
                        "Hello.protocolVersion is out of range: 1099511627776", 2),
                row("unsigned integer above Long.MAX_VALUE", frame(bytes(0x94, 0x01, 0x01,
                                0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02)),
                        "Hello.pid is out of range: 18446744073709551615", 3),
                row("message longer than the rest of the body", frame(bytes(0x94, 0x01, 0x01, 0x02)),
                        "message declares 4 elements but only 3 bytes remain in the body", 0),
                row("body ends inside an integer", frame(bytes(0x94, 0x01, 0x01, 0x02, 0xcd, 0x01)),
                        "body ends inside Hello.tid", 4),
                row("string longer than the rest of the body",
                        frame(bytes(0x92, 0x03, 0xdb, 0x00, 0x00, 0x03, 0xe8, 'a', 'b', 'c')),
                        "Refusal.reason declares 1000 bytes but only 3 bytes remain in the body", 2),
                row("string of 2^32-1 bytes", frame(bytes(0x92, 0x03, 0xdb, 0xff, 0xff, 0xff, 0xff, 'a')),
                        "Refusal.reason declares a length of 4294967295", 2),
                row("malformed UTF-8", frame(bytes(0x92, 0x03, 0xa2, 0xc3, 0x28)),
                        "Refusal.reason is not valid UTF-8", 2),
                row("list longer than the rest of the body", frame(bytes(0x93, 0x06, 0xdc, 0x00, 0x3c)),
                        "MemEvents.accEvents declares 60 elements but only 0 bytes remain in the body", 2),
                row("more events than one frame may hold", frame(bytes(0x93, 0x06, 0xdd, 0x00, 0x3d, 0x09, 0x00)),
                        "MemEvents.accEvents declares 4000000 elements, more than the limit of 327680", 2),
                row("events of a MemEventsPart read as a whole message", frame(bytes(0x92, 0x0a, 0x90)),
                        "a MemEventsPart frame, where a whole message was expected", 0),
                row("more pages than a child can track", frame(body(p -> p.packArrayHeader(9).packInt(4).packLong(7)
                                .packString("f").packLong(4096).packArrayHeader(MessageLimits.MAX_PAGES + 1))),
                        "StartFfiInfo.pagePtrs declares 262145 elements, more than the limit of 262144", 8),
                row("more allocations than the rest of the body can hold", frame(body(p -> {
                    p.packArrayHeader(9).packInt(4).packLong(7).packString("f").packLong(4096)
                            .packArrayHeader(0).packLong(0).packLong(0).packArrayHeader(3);
                    p.writePayload(new byte[14]);
                })), "StartFfiInfo.allocations declares 3 elements but only 14 bytes remain in the body "
                        + "(each element takes at least 6 bytes)", 11),
                row("more allocations than the limit", frame(body(p -> p.packArrayHeader(9).packInt(4).packLong(7)
                                .packString("f").packLong(4096).packArrayHeader(0).packLong(0).packLong(0)
                                .packArrayHeader(MessageLimits.MAX_ALLOCATIONS + 1))),
                        "StartFfiInfo.allocations declares 1048577 elements, more than the limit of 1048576", 11),
                row("a cause chain longer than the limit", frame(body(p -> p.packArrayHeader(3).packInt(7).packInt(2)
                                .packArrayHeader(MessageLimits.MAX_CAUSES + 1))),
                        "SerializedThrowable cause chain declares 131073 elements, more than the limit of 131072", 3),
                row("more arguments than the limit", frame(body(p -> p.packArrayHeader(5).packInt(8).packString("M")
                                .packArrayHeader(MessageLimits.MAX_ARGS + 1))),
                        "RunMain.args declares 65537 elements, more than the limit of 65536", 4),
                row("list of 2^32-1 elements", frame(bytes(0x93, 0x06, 0xdd, 0xff, 0xff, 0xff, 0xff)),
                        "MemEvents.accEvents declares a length of 4294967295", 2),
                row("events not a multiple of four integers",
                        frame(body(p -> p.packArrayHeader(3).packInt(6).packArrayHeader(3).packInt(0).packInt(1).packInt(2))),
                        "MemEvents.accEvents holds 3 integers, not a multiple of 5", 2),
                row("unknown access kind", frame(memEventsBody(0, 0, 0, 0, 0, 7, 0x1000, 8, 1, 0)),
                        "unknown access event kind 7", 8),
                row("negative size", frame(memEventsBody(0, 0x1000, -5, 1, 0)), "negative size -5 at 0x1000", 3),
                row("range past the end of the address space", frame(memEventsBody(1, -16, 32, 1, 0)),
                        "range 0xfffffffffffffff0 + 32 overflows the address space", 3),
                row("allocation range past the end of the address space", frame(body(p -> {
                    p.packArrayHeader(9).packInt(4).packLong(7).packString("f").packLong(4096)
                            .packArrayHeader(0).packLong(0).packLong(0);
                    p.packArrayHeader(1).packArrayHeader(5).packString("dst").packLong(-1).packLong(2).packBoolean(false)
                            .packArrayHeader(0);
                })), "range 0xffffffffffffffff + 2 overflows the address space", 12),
                row("allocation of the wrong shape", frame(body(p -> {
                    p.packArrayHeader(9).packInt(4).packLong(7).packString("f").packLong(4096)
                            .packArrayHeader(0).packLong(0).packLong(0);
                    p.packArrayHeader(1).packArrayHeader(2).packString("dst").packLong(0);
                })), "AllocationInfo has 2 elements, expected 5", 12),
                row("boolean of the wrong type", frame(body(p -> {
                    p.packArrayHeader(9).packInt(4).packLong(7).packString("f").packLong(4096)
                            .packArrayHeader(0).packLong(0).packLong(0);
                    p.packArrayHeader(1).packArrayHeader(5).packString("dst").packLong(0).packLong(8).packInt(1);
                })), "expected a boolean for AllocationInfo.freed, found INTEGER", 19),
                row("allocation site of the wrong shape", frame(body(p -> {
                    p.packArrayHeader(9).packInt(4).packLong(7).packString("f").packLong(4096)
                            .packArrayHeader(0).packLong(0).packLong(0);
                    p.packArrayHeader(1).packArrayHeader(5).packString("dst").packLong(0).packLong(8).packBoolean(false)
                            .packArrayHeader(2).packString("a").packString("b");
                })), "AllocationInfo.allocatedAt has 2 elements, expected 0 or 4", 20),
                row("more Java frames than the limit", frame(body(p -> {
                    p.packArrayHeader(9).packInt(4).packLong(7).packString("f").packLong(4096)
                            .packArrayHeader(0).packLong(0).packLong(0).packArrayHeader(0)
                            .packArrayHeader(MessageLimits.MAX_CALL_FRAMES + 1);
                })), "StartFfiInfo.javaFrames declares 1025 elements, more than the limit of 1024", 12),
                row("more instructions than the limit", frame(body(p -> p.packArrayHeader(3).packInt(6)
                                .packArrayHeader(0).packArrayHeader(MessageLimits.MAX_INSTRUCTIONS + 1))),
                        "MemEvents.instructions declares 65537 elements, more than the limit of 65536", 3),
                row("instruction of the wrong shape", frame(body(p -> p.packArrayHeader(3).packInt(6)
                                .packArrayHeader(0).packArrayHeader(1).packArrayHeader(2).packInt(1).packString("nop"))),
                        "InstructionInfo has 2 elements, expected 3", 4),
                row("unknown test status", frame(body(p -> p.packArrayHeader(3).packInt(7).packInt(9).packArrayHeader(0))),
                        "unknown TestOutcome.status 9", 2),
                row("failed test without a throwable",
                        frame(body(p -> p.packArrayHeader(3).packInt(7).packInt(2).packArrayHeader(0))),
                        "FAILED TestOutcome without a throwable", 3),
                row("stack frame of the wrong shape", frame(body(p -> p.packArrayHeader(3).packInt(7).packInt(2)
                                .packArrayHeader(1).packArrayHeader(5).packString("E").packNil()
                                .packArrayHeader(1).packArrayHeader(3).packString("a").packString("b").packString("c"))),
                        "StackFrame has 3 elements, expected 4", 9),
                row("trailing garbage after the message", frame(bytes(0x91, 0x02, 0xc0)),
                        "1 trailing bytes after the message", 2),
                row("a second message in one frame", frame(concat(body(new Confirmation()), body(new Confirmation()))),
                        "2 trailing bytes after the message", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedStreams")
    void isRefusedWithWhatAndWhere(String kind, byte[] stream, boolean validFrameFirst, String problem, long offset)
            throws Exception {
        MessageChannel channel = new MessageChannel(
                Frames.readable(stream), Channels.newChannel(new ByteArrayOutputStream()), MAX_FRAME_BYTES);
        if (validFrameFirst) {
            assertThat(channel.receive()).isEqualTo(new Confirmation());
        }

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, channel::receive);

        assertThat(refused).as(kind).isNotNull();
        assertThat(refused.getMessage()).contains(problem).endsWith("(at byte offset " + offset + ")");
        assertThat(refused.offset()).isEqualTo(offset);
    }

    private static Arguments row(String kind, byte[] stream, String problem, long offset) {
        return Arguments.of(kind, stream, false, problem, offset);
    }

    /** A row whose bad bytes follow a valid frame, so that stream offsets show as such. */
    private static Arguments rowAfterValidFrame(String kind, byte[] badBytes, String problem, long offset) {
        return Arguments.of(kind, concat(CONFIRMATION_FRAME, badBytes), true, problem, offset);
    }

    /** A MemEvents body holding {@code ints} as its flat event list, even where they make no valid event. */
    private static byte[] memEventsBody(long... ints) {
        return body(p -> {
            p.packArrayHeader(3).packInt(6).packArrayHeader(ints.length);
            for (long value : ints) {
                p.packLong(value);
            }
            p.packArrayHeader(0);
        });
    }
}
