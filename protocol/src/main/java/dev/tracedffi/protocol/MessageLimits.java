package dev.tracedffi.protocol;

/**
 * How many elements each list of a message may hold. Both sides enforce them: the encoder refuses to
 * send a longer list, the decoder refuses a frame that declares one before allocating anything for
 * it. Together with the frame limit they bound what decoding any frame can cost: a peer that packs a
 * frame with the smallest possible elements (5-byte allocations, 4-byte events) would otherwise make
 * the receiver build around 20 bytes of objects for every byte it sent (1.1 GB kept, 1.5 GB
 * allocated, for one 64 MiB frame of 13 million allocations).
 */
public final class MessageLimits {

    /** Tracked pages of one call: the child's 1 GiB arena in 4 KiB pages, which is all a child can track. */
    public static final int MAX_PAGES = 1 << 18;
    /** Arena buffers listed in one StartFfi (about 90 MB of objects at the most). */
    public static final int MAX_ALLOCATIONS = 1 << 20;
    /**
     * Access events in one frame; a MemEvents with more travels in several frames
     * ({@link MessageChannel#sendEvents}), so no frame is over 2 MiB.
     */
    public static final int MAX_EVENTS_PER_FRAME = 1 << 16;
    /** Links of a TestOutcome's cause chain (the child's codec sends a few dozen at the most). */
    public static final int MAX_CAUSES = 1 << 17;
    /** Stack frames of a TestOutcome, over its whole cause chain. */
    public static final int MAX_STACK_FRAMES = 1 << 17;
    /** Java frames of a StartFfi (the child sends a few dozen at the most). */
    public static final int MAX_CALL_FRAMES = 1 << 10;
    /** Instructions a MemEvents describes (distinct ips of one call; the supervisor sends no more). */
    public static final int MAX_INSTRUCTIONS = 1 << 16;
    /** Native stack lines of a MemEvents, over all of its instructions. */
    public static final int MAX_NATIVE_STACK_LINES = 1 << 16;
    /** Arguments of a RunMain. */
    public static final int MAX_ARGS = 1 << 16;

    private MessageLimits() {
    }
}
