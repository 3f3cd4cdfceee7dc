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
        return messageOf(decodeFrame(body));
    }

    /** Decodes {@code length} bytes from {@code offset}; error offsets count from {@code offset}. */
    public Message decode(byte[] array, int offset, int length) throws ProtocolException {
        return messageOf(decodeFrame(array, offset, length));
    }

    /** Decodes one frame body, which may also be a MemEventsPart (that only a {@link MessageChannel} reassembles). */
    FrameContent decodeFrame(ByteBuffer body) throws ProtocolException {
        if (body.hasArray()) {
            return decodeFrame(body.array(), body.arrayOffset() + body.position(), body.remaining());
        }
        byte[] copy = new byte[body.remaining()];
        body.duplicate().get(copy);
        return decodeFrame(copy, 0, copy.length);
    }

    private static Message messageOf(FrameContent content) throws ProtocolException {
        if (content instanceof FrameContent.Whole whole) {
            return whole.message();
        }
        throw new ProtocolException("a MemEventsPart frame, where a whole message was expected", 0);
    }

    private FrameContent decodeFrame(byte[] array, int offset, int length) throws ProtocolException {
        reader.start(array, offset, length);
        FrameContent content = readFrameContent();
        reader.expectEnd();
        return content;
    }

    private FrameContent readFrameContent() throws ProtocolException {
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
            case HELLO -> whole(new Hello(
                    reader.readInt("Hello.protocolVersion"), reader.readLong("Hello.pid"), reader.readLong("Hello.tid")));
            case CONFIRMATION -> whole(new Confirmation());
            case REFUSAL -> whole(new Refusal(reader.readString("Refusal.reason")));
            case START_FFI -> whole(new TraceRequest.StartFfi(readStartFfiInfo()));
            case OVERRIDE_RETCODE -> whole(new TraceRequest.OverrideRetcode(reader.readInt("OverrideRetcode.code")));
            case MEM_EVENTS -> whole(new MemEvents(readEvents("MemEvents.accEvents"), readInstructions()));
            case TEST_OUTCOME -> whole(readTestOutcome());
            case RUN_MAIN -> whole(readRunMain());
            case CALL_CONFIRMATION -> whole(new CallConfirmation(reader.readLong("CallConfirmation.endMarkerNonce")));
            case MEM_EVENTS_PART -> new FrameContent.EventsPart(readEvents("MemEventsPart.accEvents"));
            case MAIN_ENDED -> whole(new MainEnded(reader.readLong("MainEnded.outputMarker")));
        };
    }

    private static FrameContent whole(Message message) {
        return new FrameContent.Whole(message);
    }

    private RunMain readRunMain() throws ProtocolException {
        String mainClass = reader.readString("RunMain.mainClass");
        int count = reader.readArrayHeader("RunMain.args", MessageLimits.MAX_ARGS, 1);
        List<String> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            args.add(reader.readString("RunMain.args element"));
        }
        return new RunMain(mainClass, args, reader.readBoolean("RunMain.awaitNext"), reader.readLong("RunMain.outputMarker"));
    }

    private StartFfiInfo readStartFfiInfo() throws ProtocolException {
        long tid = reader.readLong("StartFfiInfo.tid");
        String callName = reader.readString("StartFfiInfo.callName");
        long pageSize = reader.readLong("StartFfiInfo.pageSize");
        int pageCount = reader.readArrayHeader("StartFfiInfo.pagePtrs", MessageLimits.MAX_PAGES, 1);
        List<Long> pagePtrs = new ArrayList<>(pageCount);
        for (int i = 0; i < pageCount; i++) {
            pagePtrs.add(reader.readLong("StartFfiInfo.pagePtrs element"));
        }
        long gadgetPtr = reader.readLong("StartFfiInfo.gadgetPtr");
        long aliasDelta = reader.readLong("StartFfiInfo.aliasDelta");
        int allocationCount = reader.readArrayHeader(
                "StartFfiInfo.allocations", MessageLimits.MAX_ALLOCATIONS, WireFormat.MIN_ALLOCATION_BYTES);
        List<AllocationInfo> allocations = new ArrayList<>(allocationCount);
        for (int i = 0; i < allocationCount; i++) {
            long start = reader.offset();
            reader.expectArray("AllocationInfo", WireFormat.ALLOCATION_ELEMENTS);
            String label = reader.readString("AllocationInfo.label");
            AccessRange range = range(
                    reader.readLong("AllocationInfo address"), reader.readLong("AllocationInfo size"), start);
            boolean freed = reader.readBoolean("AllocationInfo.freed");
            allocations.add(new AllocationInfo(label, range, freed, readAllocationSite()));
        }
        int frameCount = reader.readArrayHeader(
                "StartFfiInfo.javaFrames", MessageLimits.MAX_CALL_FRAMES, WireFormat.MIN_STACK_FRAME_BYTES);
        List<StackFrame> javaFrames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            reader.expectArray("StackFrame", WireFormat.STACK_FRAME_ELEMENTS);
            javaFrames.add(readFrameFields());
        }
        return new StartFfiInfo(tid, callName, pageSize, pagePtrs, gadgetPtr, aliasDelta, allocations, javaFrames);
    }

    /** {@code []} for an allocation site not known, else a frame. */
    private StackFrame readAllocationSite() throws ProtocolException {
        int elements = reader.readArrayHeader("AllocationInfo.allocatedAt");
        if (elements == 0) {
            return null;
        }
        if (elements != WireFormat.STACK_FRAME_ELEMENTS) {
            throw reader.errorAtValue("AllocationInfo.allocatedAt has " + elements + " elements, expected 0 or "
                    + WireFormat.STACK_FRAME_ELEMENTS);
        }
        return readFrameFields();
    }

    private List<InstructionInfo> readInstructions() throws ProtocolException {
        int count = reader.readArrayHeader(
                "MemEvents.instructions", MessageLimits.MAX_INSTRUCTIONS, WireFormat.MIN_INSTRUCTION_BYTES);
        List<InstructionInfo> instructions = new ArrayList<>(count);
        int linesLeft = MessageLimits.MAX_NATIVE_STACK_LINES;
        for (int i = 0; i < count; i++) {
            reader.expectArray("InstructionInfo", WireFormat.INSTRUCTION_ELEMENTS);
            long ip = reader.readLong("InstructionInfo.ip");
            String text = reader.readString("InstructionInfo.text");
            int lineCount = reader.readArrayHeader("InstructionInfo.nativeStack", linesLeft, 1);
            linesLeft -= lineCount;
            List<String> lines = new ArrayList<>(lineCount);
            for (int j = 0; j < lineCount; j++) {
                lines.add(reader.readString("InstructionInfo.nativeStack element"));
            }
            instructions.add(new InstructionInfo(ip, text, lines));
        }
        return instructions;
    }

    private List<AccessEvent> readEvents(String what) throws ProtocolException {
        long listStart = reader.offset();
        int ints = reader.readArrayHeader(
                what, MessageLimits.MAX_EVENTS_PER_FRAME * WireFormat.INTS_PER_EVENT, 1);
        if (ints % WireFormat.INTS_PER_EVENT != 0) {
            throw new ProtocolException(what + " holds " + ints
                    + " integers, not a multiple of " + WireFormat.INTS_PER_EVENT, listStart);
        }
        AccessEvent[] events = new AccessEvent[ints / WireFormat.INTS_PER_EVENT];
        for (int i = 0; i < events.length; i++) {
            long eventStart = reader.offset();
            int kind = reader.readInt("access event kind");
            AccessRange range = range(
                    reader.readLong("access event address"), reader.readLong("access event size"), eventStart);
            long ip = reader.readLong("access event ip");
            int tid = reader.readInt("access event tid");
            events[i] = switch (kind) {
                case WireFormat.EVENT_READ -> new AccessEvent.Read(range, ip, tid);
                case WireFormat.EVENT_WRITE -> new AccessEvent.Write(range, true, ip, tid);
                case WireFormat.EVENT_UNCERTAIN_WRITE -> new AccessEvent.Write(range, false, ip, tid);
                default -> throw new ProtocolException("unknown access event kind " + kind, eventStart);
            };
        }
        return List.of(events);
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
        int linkCount = reader.readArrayHeader("SerializedThrowable cause chain", MessageLimits.MAX_CAUSES,
                WireFormat.MIN_THROWABLE_LINK_BYTES);
        List<ThrowableLink> links = new ArrayList<>(linkCount);
        int framesLeft = MessageLimits.MAX_STACK_FRAMES;
        for (int i = 0; i < linkCount; i++) {
            reader.expectArray("SerializedThrowable", WireFormat.THROWABLE_LINK_ELEMENTS);
            String className = reader.readString("SerializedThrowable.className");
            String message = reader.readNullableString("SerializedThrowable.message");
            List<StackFrame> stackTrace = readStackTrace(framesLeft);
            framesLeft -= stackTrace.size();
            links.add(new ThrowableLink(
                    className,
                    message,
                    stackTrace,
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

    /** @param limit the frames the chain may still hold: {@link MessageLimits#MAX_STACK_FRAMES} less those of earlier links */
    private List<StackFrame> readStackTrace(int limit) throws ProtocolException {
        int frameCount = reader.readArrayHeader("SerializedThrowable.stackTrace", limit, WireFormat.MIN_STACK_FRAME_BYTES);
        List<StackFrame> frames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            reader.expectArray("StackFrame", WireFormat.STACK_FRAME_ELEMENTS);
            frames.add(readFrameFields());
        }
        return frames;
    }

    /** The fields of a frame whose array header was read. */
    private StackFrame readFrameFields() throws ProtocolException {
        return new StackFrame(
                reader.readString("StackFrame.className"),
                reader.readString("StackFrame.methodName"),
                reader.readNullableString("StackFrame.fileName"),
                reader.readInt("StackFrame.lineNumber"));
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
