package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.Optional;
import java.util.function.LongFunction;

/**
 * An access {@link OutOfBoundsPolicy} does not allow.
 *
 * @param event    the access
 * @param kind     what is wrong with it
 * @param position where it landed relative to the nearest buffer, e.g.
 *                 {@code dst[16, 17) is 1 byte right of the 16-byte buffer `dst`}
 * @param region   the same with addresses, as AddressSanitizer says it, e.g.
 *                 {@code 0x7f0000000050 is 1 byte right of the 16-byte region `dst` [0x7f0000000040, 0x7f0000000050)}
 * @param buffer   the buffer it is named after, or null when no buffer is near
 */
public record Violation(AccessEvent event, Kind kind, String position, String region, AllocationInfo buffer)
        implements AccessVerdict {

    public enum Kind {
        /** Outside every buffer: in a redzone or the untouched rest of a tracked page. */
        OUT_OF_BOUNDS,
        /** Inside a buffer that was freed before the call. */
        USE_AFTER_FREE
    }

    static Violation of(AccessEvent event, Kind kind, BoundsPosition position) {
        return new Violation(event, kind, position.text(), position.region(), position.buffer());
    }

    public boolean isWrite() {
        return event instanceof AccessEvent.Write;
    }

    /** The buffer it is named after, if one is near. */
    public Optional<AllocationInfo> nearestBuffer() {
        return Optional.ofNullable(buffer);
    }

    /** e.g. {@code WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`}. */
    public String describe(LongFunction<String> symbolizer) {
        return AccessDescription.of(event, symbolizer) + ": " + position;
    }
}
