package dev.tracedffi.protocol;

/**
 * The MessagePack layout of every message body. A body is one array: a tag naming the message type,
 * then its fields, in record component order.
 *
 * <pre>
 * Hello            [1, protocolVersion, pid, tid]                       (fixed across versions)
 * Confirmation     [2]
 * Refusal          [3, reason]
 * StartFfi         [4, tid, callName, pageSize, [pagePtr...], gadgetPtr, aliasDelta,
 *                      [[label, addr, size, freed, allocatedAt]...], [frame...]]
 *                      allocatedAt is [] when not known, else a frame; a frame is [class, method, file, line]
 * OverrideRetcode  [5, code]
 * MemEvents        [6, [kind, addr, size, ip, tid,  kind, addr, size, ip, tid, ...],   five ints per event, flat;
 *                      [[ip, text, [stackLine...]]...]]
 *                      kind 0 = Read, 1 = Write, 2 = Write that may not have happened (certain == false);
 *                      at most {@link MessageLimits#MAX_EVENTS_PER_FRAME} events; the instructions travel
 *                      only in this closing frame
 * MemEventsPart    [10, [kind, addr, size, ip, tid, ...]]   the first events of a MemEvents that continues in
 *                      the next frame: zero or more parts, then the MemEvents frame with the last events
 * TestOutcome      [7, status, [[className, message, [[class, method, file, line]...], expected, actual]...]]
 *                      the throwable as its cause chain, outermost first; an empty chain is no throwable
 * RunMain          [8, mainClass, [arg...], awaitNext, outputMarker]
 * CallConfirmation [9, endMarkerNonce]
 * MainEnded        [11, outputMarker]
 * </pre>
 *
 * Every list is bounded by {@link MessageLimits}.
 *
 * Nullable strings (message, expected, actual, fileName) are nil when absent. Addresses and sizes
 * are Java longs (unsigned addresses above 2^63 travel as negative integers). The cause chain is a
 * flat list rather than a nesting so that neither side recurses on a chain of any depth.
 */
final class WireFormat {

    /** The first element of every body. */
    enum MessageTag {
        HELLO(1, 3),
        CONFIRMATION(2, 0),
        REFUSAL(3, 1),
        START_FFI(4, 8),
        OVERRIDE_RETCODE(5, 1),
        MEM_EVENTS(6, 2),
        TEST_OUTCOME(7, 2),
        RUN_MAIN(8, 4),
        CALL_CONFIRMATION(9, 1),
        /** Not a message of its own: never returned by {@link #of}. */
        MEM_EVENTS_PART(10, 1),
        MAIN_ENDED(11, 1);

        final int code;
        /** Array elements of the body, the tag included. */
        final int elements;

        MessageTag(int code, int fields) {
            this.code = code;
            this.elements = fields + 1;
        }

        static MessageTag of(Message message) {
            if (message instanceof Hello) return HELLO;
            if (message instanceof Confirmation) return CONFIRMATION;
            if (message instanceof Refusal) return REFUSAL;
            if (message instanceof TraceRequest.StartFfi) return START_FFI;
            if (message instanceof TraceRequest.OverrideRetcode) return OVERRIDE_RETCODE;
            if (message instanceof MemEvents) return MEM_EVENTS;
            if (message instanceof TestOutcome) return TEST_OUTCOME;
            if (message instanceof RunMain) return RUN_MAIN;
            if (message instanceof CallConfirmation) return CALL_CONFIRMATION;
            if (message instanceof MainEnded) return MAIN_ENDED;
            throw new AssertionError("no tag for " + message.getClass());
        }

        private static final MessageTag[] ALL = values();

        /** The tag with {@code code}, or null. */
        static MessageTag forCode(long code) {
            for (MessageTag tag : ALL) {
                if (tag.code == code) {
                    return tag;
                }
            }
            return null;
        }
    }

    // An event's kind folds in the certainty of a write, so a Read cannot carry a meaningless flag.
    static final int EVENT_READ = 0;
    static final int EVENT_WRITE = 1;
    static final int EVENT_UNCERTAIN_WRITE = 2;
    static final int INTS_PER_EVENT = 5;

    static final int ALLOCATION_ELEMENTS = 5;
    static final int INSTRUCTION_ELEMENTS = 3;
    static final int STACK_FRAME_ELEMENTS = 4;
    static final int THROWABLE_LINK_ELEMENTS = 5;

    // The fewest bytes each list element can be encoded in: a declared length is checked against them.
    /** An array header, an empty label, two fixints, a boolean and an empty allocation site. */
    static final int MIN_ALLOCATION_BYTES = 6;
    /** An array header, a fixint ip, an empty text and an empty stack. */
    static final int MIN_INSTRUCTION_BYTES = 4;
    /** An array header, an empty class name, nil message, empty stack trace, nil expected and actual. */
    static final int MIN_THROWABLE_LINK_BYTES = 6;
    /** An array header, empty class and method names, nil file name, a fixint line. */
    static final int MIN_STACK_FRAME_BYTES = 5;
    /** The largest an event can be: a fixint kind and three 9-byte integers. */
    static final int MAX_EVENT_BYTES = 28;
    /**
     * A MemEvents or MemEventsPart body without its events and instructions: array header, tag, two 32-bit
     * list headers.
     */
    static final int MAX_EVENTS_OVERHEAD_BYTES = 12;

    static int statusCode(TestOutcome.Status status) {
        return switch (status) {
            case SUCCESSFUL -> 0;
            case ABORTED -> 1;
            case FAILED -> 2;
        };
    }

    /** The status with {@code code}, or null. */
    static TestOutcome.Status status(long code) {
        if (code == 0) return TestOutcome.Status.SUCCESSFUL;
        if (code == 1) return TestOutcome.Status.ABORTED;
        if (code == 2) return TestOutcome.Status.FAILED;
        return null;
    }

    private WireFormat() {
    }
}
