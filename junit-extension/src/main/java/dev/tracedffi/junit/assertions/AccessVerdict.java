package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;

/** What {@link OutOfBoundsPolicy} makes of one access. */
public sealed interface AccessVerdict permits AccessVerdict.InBounds, BenignOverRead, Violation {

    AccessEvent event();

    /** Every byte of the access lies in live buffers. */
    record InBounds(AccessEvent event) implements AccessVerdict {
    }
}
