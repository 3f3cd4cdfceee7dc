package dev.tracedffi.protocol;

import dev.tracedffi.protocol.WireFormat.MessageTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Encodes messages into MessagePack bodies as laid out in {@link WireFormat}. Reuses one buffer for
 * every message, so an instance is not thread-safe and each result is only valid until the next call.
 */
public final class MessageEncoder {

    private final GrowableByteArrayOutput output = new GrowableByteArrayOutput();
    private final MessagePacker packer = MessagePack.DEFAULT_PACKER_CONFIG.newPacker(output);

    /**
     * The body of {@code message}: a heap buffer over this encoder's array, valid until the next call.
     *
     * @throws ProtocolException if a list of the message is longer than its {@link MessageLimits} limit
     *     (a MemEvents of more events than one frame holds goes through {@link MessageChannel#sendEvents})
     */
    public ByteBuffer encode(Message message) throws ProtocolException {
        checkLimits(message);
        return packed(() -> pack(message));
    }

    /**
     * The body of one frame of a MemEvents sent in parts: events {@code [from, to)} of {@code events},
     * as a MemEventsPart when more follow, as the closing MemEvents when {@code last}.
     */
    ByteBuffer encodeEventsFrame(MemEvents events, int from, int to, boolean last) throws ProtocolException {
        if (to - from > MessageLimits.MAX_EVENTS_PER_FRAME) {
            throw new IllegalArgumentException((to - from) + " events are more than one frame holds");
        }
        if (last) {
            checkInstructionLimits(events.instructions());
        }
        MessageTag tag = last ? MessageTag.MEM_EVENTS : MessageTag.MEM_EVENTS_PART;
        return packed(() -> {
            packer.packArrayHeader(tag.elements);
            packer.packInt(tag.code);
            packEvents(events.accEvents(), from, to);
            if (last) {
                packInstructions(events.instructions());
            }
        });
    }

    private interface Packing {
        void pack() throws IOException;
    }

    private ByteBuffer packed(Packing packing) {
        try {
            // reset() first flushes whatever an earlier, failed encode left in the packer.
            packer.reset(output);
            output.clear();
            packing.pack();
            packer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("packing into memory cannot fail", e);
        }
        return output.written();
    }

    private static void checkLimits(Message message) throws ProtocolException {
        if (message instanceof TraceRequest.StartFfi startFfi) {
            checkLimit("StartFfiInfo.pagePtrs", startFfi.info().pagePtrs().size(), MessageLimits.MAX_PAGES);
            checkLimit("StartFfiInfo.allocations", startFfi.info().allocations().size(), MessageLimits.MAX_ALLOCATIONS);
            checkLimit("StartFfiInfo.javaFrames", startFfi.info().javaFrames().size(), MessageLimits.MAX_CALL_FRAMES);
        } else if (message instanceof MemEvents memEvents) {
            checkLimit("MemEvents.accEvents (MessageChannel.sendEvents sends any number)", memEvents.accEvents().size(),
                    MessageLimits.MAX_EVENTS_PER_FRAME);
            checkInstructionLimits(memEvents.instructions());
        } else if (message instanceof RunMain runMain) {
            checkLimit("RunMain.args", runMain.args().size(), MessageLimits.MAX_ARGS);
        } else if (message instanceof TestOutcome outcome) {
            int links = 0;
            int frames = 0;
            for (SerializedThrowable link = outcome.throwable(); link != null; link = link.cause()) {
                links++;
                frames += link.stackTrace().size();
                checkLimit("SerializedThrowable cause chain", links, MessageLimits.MAX_CAUSES);
                checkLimit("the cause chain's stack frames", frames, MessageLimits.MAX_STACK_FRAMES);
            }
        }
    }

    private static void checkInstructionLimits(List<InstructionInfo> instructions) throws ProtocolException {
        checkLimit("MemEvents.instructions", instructions.size(), MessageLimits.MAX_INSTRUCTIONS);
        int lines = 0;
        for (InstructionInfo instruction : instructions) {
            lines += instruction.nativeStack().size();
            checkLimit("the native stack lines of MemEvents.instructions", lines, MessageLimits.MAX_NATIVE_STACK_LINES);
        }
    }

    private static void checkLimit(String what, int count, int limit) throws ProtocolException {
        if (count > limit) {
            throw new ProtocolException(what + " holds " + count + " elements, more than the limit of " + limit
                    + "; not sent", -1);
        }
    }

    private void pack(Message message) throws IOException {
        MessageTag tag = MessageTag.of(message);
        packer.packArrayHeader(tag.elements);
        packer.packInt(tag.code);
        if (message instanceof Hello hello) {
            packer.packInt(hello.protocolVersion());
            packer.packLong(hello.pid());
            packer.packLong(hello.tid());
        } else if (message instanceof Refusal refusal) {
            packer.packString(refusal.reason());
        } else if (message instanceof TraceRequest.StartFfi startFfi) {
            packStartFfiInfo(startFfi.info());
        } else if (message instanceof TraceRequest.OverrideRetcode override) {
            packer.packInt(override.code());
        } else if (message instanceof MemEvents memEvents) {
            packEvents(memEvents.accEvents(), 0, memEvents.accEvents().size());
            packInstructions(memEvents.instructions());
        } else if (message instanceof TestOutcome outcome) {
            packer.packInt(WireFormat.statusCode(outcome.status()));
            packThrowable(outcome.throwable());
        } else if (message instanceof CallConfirmation granted) {
            packer.packLong(granted.endMarkerNonce());
        } else if (message instanceof RunMain runMain) {
            packer.packString(runMain.mainClass());
            packer.packArrayHeader(runMain.args().size());
            for (String arg : runMain.args()) {
                packer.packString(arg);
            }
            packer.packBoolean(runMain.awaitNext());
            packer.packLong(runMain.outputMarker());
        } else if (message instanceof MainEnded ended) {
            packer.packLong(ended.outputMarker());
        }
        // Confirmation has no fields.
    }

    private void packStartFfiInfo(StartFfiInfo info) throws IOException {
        packer.packLong(info.tid());
        packer.packString(info.callName());
        packer.packLong(info.pageSize());
        packer.packArrayHeader(info.pagePtrs().size());
        for (long page : info.pagePtrs()) {
            packer.packLong(page);
        }
        packer.packLong(info.gadgetPtr());
        packer.packLong(info.aliasDelta());
        packer.packArrayHeader(info.allocations().size());
        for (AllocationInfo allocation : info.allocations()) {
            packer.packArrayHeader(WireFormat.ALLOCATION_ELEMENTS);
            packer.packString(allocation.label());
            packer.packLong(allocation.range().addr());
            packer.packLong(allocation.range().size());
            packer.packBoolean(allocation.freed());
            if (allocation.allocatedAt() == null) {
                packer.packArrayHeader(0);
            } else {
                packFrame(allocation.allocatedAt());
            }
        }
        packer.packArrayHeader(info.javaFrames().size());
        for (StackFrame frame : info.javaFrames()) {
            packFrame(frame);
        }
    }

    private void packInstructions(List<InstructionInfo> instructions) throws IOException {
        packer.packArrayHeader(instructions.size());
        for (InstructionInfo instruction : instructions) {
            packer.packArrayHeader(WireFormat.INSTRUCTION_ELEMENTS);
            packer.packLong(instruction.ip());
            packer.packString(instruction.text());
            packer.packArrayHeader(instruction.nativeStack().size());
            for (String line : instruction.nativeStack()) {
                packer.packString(line);
            }
        }
    }

    private void packFrame(StackFrame frame) throws IOException {
        packer.packArrayHeader(WireFormat.STACK_FRAME_ELEMENTS);
        packer.packString(frame.className());
        packer.packString(frame.methodName());
        packNullableString(frame.fileName());
        packer.packInt(frame.lineNumber());
    }

    private void packEvents(List<AccessEvent> events, int from, int to) throws IOException {
        packer.packArrayHeader((to - from) * WireFormat.INTS_PER_EVENT);
        for (int i = from; i < to; i++) {
            AccessEvent event = events.get(i);
            packer.packInt(eventKind(event));
            packer.packLong(event.range().addr());
            packer.packLong(event.range().size());
            packer.packLong(event.ip());
            packer.packInt(event.tid());
        }
    }

    private static int eventKind(AccessEvent event) {
        if (event instanceof AccessEvent.Write write) {
            return write.certain() ? WireFormat.EVENT_WRITE : WireFormat.EVENT_UNCERTAIN_WRITE;
        }
        return WireFormat.EVENT_READ;
    }

    private void packThrowable(SerializedThrowable throwable) throws IOException {
        List<SerializedThrowable> chain = new ArrayList<>();
        for (SerializedThrowable link = throwable; link != null; link = link.cause()) {
            chain.add(link);
        }
        packer.packArrayHeader(chain.size());
        for (SerializedThrowable link : chain) {
            packer.packArrayHeader(WireFormat.THROWABLE_LINK_ELEMENTS);
            packer.packString(link.className());
            packNullableString(link.message());
            packer.packArrayHeader(link.stackTrace().size());
            for (StackFrame frame : link.stackTrace()) {
                packFrame(frame);
            }
            packNullableString(link.expected());
            packNullableString(link.actual());
        }
    }

    private void packNullableString(String value) throws IOException {
        if (value == null) {
            packer.packNil();
        } else {
            packer.packString(value);
        }
    }
}
