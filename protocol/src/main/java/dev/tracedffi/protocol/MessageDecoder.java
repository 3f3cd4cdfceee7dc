package dev.tracedffi.protocol;

import dev.tracedffi.protocol.WireFormat.MessageTag;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes MessagePack bodies laid out as in {@link WireFormat} back into messages. Anything that is
 * not exactly one valid message raises a {@link ProtocolException} naming the problem and its offset
 * in the body. Reuses its reading state, so an instance is not thread-safe.
 */
public final class MessageDecoder {

    private final BodyReader reader = new BodyReader();

    public Message decode(byte[] body) throws ProtocolException {
        return decode(body, 0, body.length);
    }

    /** Decodes the remaining bytes of {@code body}, without moving its position. */
    public Message decode(ByteBuffer body) throws ProtocolException {
        if (body.hasArray()) {
            return decode(body.array(), body.arrayOffset() + body.position(), body.remaining());
        }
        byte[] copy = new byte[body.remaining()];
        body.duplicate().get(copy);
        return decode(copy);
    }

    /** Decodes {@code length} bytes from {@code offset}; error offsets count from {@code offset}. */
    public Message decode(byte[] array, int offset, int length) throws ProtocolException {
        reader.start(array, offset, length);
        Message message = readMessage();
        reader.expectEnd();
        return message;
    }

    private Message readMessage() throws ProtocolException {
        int elements = reader.readArrayHeader("message");
        if (elements == 0) {
            throw reader.errorAtValue("empty message array");
        }
        long code = reader.readLong("message tag");
        MessageTag tag = MessageTag.forCode(code);
        if (tag == null) {
            throw reader.errorAtValue("unknown message tag " + code);
        }
        if (elements != tag.elements) {
            throw new ProtocolException(
                    tag + " message has " + elements + " elements, expected " + tag.elements, 0);
        }
        return switch (tag) {
            case HELLO -> new Hello(
                    reader.readInt("Hello.protocolVersion"), reader.readLong("Hello.pid"), reader.readLong("Hello.tid"));
            case CONFIRMATION -> new Confirmation();
            case REFUSAL -> new Refusal(reader.readString("Refusal.reason"));
            case START_FFI -> new TraceRequest.StartFfi(readStartFfiInfo());
            case OVERRIDE_RETCODE -> new TraceRequest.OverrideRetcode(reader.readInt("OverrideRetcode.code"));
            case MEM_EVENTS -> readMemEvents();
            case TEST_OUTCOME -> readTestOutcome();
            case RUN_MAIN -> readRunMain();
            case CALL_CONFIRMATION -> new CallConfirmation(reader.readLong("CallConfirmation.endMarkerNonce"));
        };
    }

    private RunMain readRunMain() throws ProtocolException {
        String mainClass = reader.readString("RunMain.mainClass");
        int count = reader.readArrayHeader("RunMain.args");
        List<String> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            args.add(reader.readString("RunMain.args element"));
        }
        return new RunMain(mainClass, args);
    }

    private StartFfiInfo readStartFfiInfo() throws ProtocolException {
        long tid = reader.readLong("StartFfiInfo.tid");
        String callName = reader.readString("StartFfiInfo.callName");
        long pageSize = reader.readLong("StartFfiInfo.pageSize");
        int pageCount = reader.readArrayHeader("StartFfiInfo.pagePtrs");
        List<Long> pagePtrs = new ArrayList<>(pageCount);
        for (int i = 0; i < pageCount; i++) {
            pagePtrs.add(reader.readLong("StartFfiInfo.pagePtrs element"));
        }
        long gadgetPtr = reader.readLong("StartFfiInfo.gadgetPtr");
        long aliasDelta = reader.readLong("StartFfiInfo.aliasDelta");
        int allocationCount = reader.readArrayHeader("StartFfiInfo.allocations");
        List<AllocationInfo> allocations = new ArrayList<>(allocationCount);
        for (int i = 0; i < allocationCount; i++) {
            long start = reader.offset();
            reader.expectArray("AllocationInfo", WireFormat.ALLOCATION_ELEMENTS);
            String label = reader.readString("AllocationInfo.label");
            AccessRange range = range(
                    reader.readLong("AllocationInfo address"), reader.readLong("AllocationInfo size"), start);
            allocations.add(new AllocationInfo(label, range, reader.readBoolean("AllocationInfo.freed")));
        }
        return new StartFfiInfo(tid, callName, pageSize, pagePtrs, gadgetPtr, aliasDelta, allocations);
    }

    private MemEvents readMemEvents() throws ProtocolException {
        long listStart = reader.offset();
        int ints = reader.readArrayHeader("MemEvents.accEvents");
        if (ints % WireFormat.INTS_PER_EVENT != 0) {
            throw new ProtocolException("MemEvents.accEvents holds " + ints
                    + " integers, not a multiple of " + WireFormat.INTS_PER_EVENT, listStart);
        }
        AccessEvent[] events = new AccessEvent[ints / WireFormat.INTS_PER_EVENT];
        for (int i = 0; i < events.length; i++) {
            long eventStart = reader.offset();
            int kind = reader.readInt("access event kind");
            AccessRange range = range(
                    reader.readLong("access event address"), reader.readLong("access event size"), eventStart);
            long ip = reader.readLong("access event ip");
            events[i] = switch (kind) {
                case WireFormat.EVENT_READ -> new AccessEvent.Read(range, ip);
                case WireFormat.EVENT_WRITE -> new AccessEvent.Write(range, true, ip);
                case WireFormat.EVENT_UNCERTAIN_WRITE -> new AccessEvent.Write(range, false, ip);
                default -> throw new ProtocolException("unknown access event kind " + kind, eventStart);
            };
        }
        return new MemEvents(List.of(events));
    }

    private TestOutcome readTestOutcome() throws ProtocolException {
        long code = reader.readLong("TestOutcome.status");
        TestOutcome.Status status = WireFormat.status(code);
        if (status == null) {
            throw reader.errorAtValue("unknown TestOutcome.status " + code);
        }
        long chainStart = reader.offset();
        SerializedThrowable throwable = readThrowableChain();
        if (throwable == null && status != TestOutcome.Status.SUCCESSFUL) {
            throw new ProtocolException(status + " TestOutcome without a throwable", chainStart);
        }
        return new TestOutcome(status, throwable);
    }

    /** Fields of one throwable of a cause chain, before its cause is known. */
    private record ThrowableLink(
            String className, String message, List<StackFrame> stackTrace, String expected, String actual) {
    }

    private SerializedThrowable readThrowableChain() throws ProtocolException {
        int linkCount = reader.readArrayHeader("SerializedThrowable cause chain");
        List<ThrowableLink> links = new ArrayList<>(linkCount);
        for (int i = 0; i < linkCount; i++) {
            reader.expectArray("SerializedThrowable", WireFormat.THROWABLE_LINK_ELEMENTS);
            links.add(new ThrowableLink(
                    reader.readString("SerializedThrowable.className"),
                    reader.readNullableString("SerializedThrowable.message"),
                    readStackTrace(),
                    reader.readNullableString("SerializedThrowable.expected"),
                    reader.readNullableString("SerializedThrowable.actual")));
        }
        // Built from the innermost cause outwards: no recursion, whatever the depth.
        SerializedThrowable cause = null;
        for (int i = links.size() - 1; i >= 0; i--) {
            ThrowableLink link = links.get(i);
            cause = new SerializedThrowable(
                    link.className(), link.message(), link.stackTrace(), link.expected(), link.actual(), cause);
        }
        return cause;
    }

    private List<StackFrame> readStackTrace() throws ProtocolException {
        int frameCount = reader.readArrayHeader("SerializedThrowable.stackTrace");
        List<StackFrame> frames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            reader.expectArray("StackFrame", WireFormat.STACK_FRAME_ELEMENTS);
            frames.add(new StackFrame(
                    reader.readString("StackFrame.className"),
                    reader.readString("StackFrame.methodName"),
                    reader.readNullableString("StackFrame.fileName"),
                    reader.readInt("StackFrame.lineNumber")));
        }
        return frames;
    }

    /** The range {@code [addr, addr + size)}, refused (at {@code start}) when negative or overflowing. */
    private static AccessRange range(long addr, long size, long start) throws ProtocolException {
        try {
            return new AccessRange(addr, size);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage(), start, e);
        }
    }
}
