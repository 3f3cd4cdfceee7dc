package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;

import java.util.function.LongFunction;

/**
 * An access {@link OutOfBoundsPolicy} does not allow.
 *
 * @param event    the access
 * @param kind     what is wrong with it
 * @param position where it landed relative to the nearest buffer, e.g.
 *                 {@code dst[16, 17) is 1 byte right of the 16-byte buffer `dst`}
 */
public record Violation(AccessEvent event, Kind kind, String position) implements AccessVerdict {

    public enum Kind {
        /** Outside every buffer: in a redzone or the untouched rest of a tracked page. */
        OUT_OF_BOUNDS,
        /** Inside a buffer that was freed before the call. */
        USE_AFTER_FREE
    }

    public boolean isWrite() {
        return event instanceof AccessEvent.Write;
    }

    /** e.g. {@code WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`}. */
    public String describe(LongFunction<String> symbolizer) {
        return AccessDescription.of(event, symbolizer) + ": " + position;
    }
}
