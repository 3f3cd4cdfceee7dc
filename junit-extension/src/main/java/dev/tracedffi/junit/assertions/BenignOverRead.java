package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.function.LongFunction;

/**
 * A read past the ends of a live buffer that vectorised library code makes on purpose and that can
 * never fault (see {@link OutOfBoundsPolicy}).
 *
 * @param event  the read
 * @param buffer the live buffer it overlaps (for {@link Rule#NEXT_VECTOR}, the one it follows)
 * @param rule   why it is benign
 */
public record BenignOverRead(AccessEvent.Read event, AllocationInfo buffer, Rule rule) implements AccessVerdict {

    public enum Rule {
        /** A naturally aligned 16, 32 or 64-byte block: never crosses a page (strlen, memchr, strcmp). */
        ALIGNED_BLOCK("aligned vector block"),
        /** A 16, 32 or 64-byte read inside the pages the buffer occupies (glibc's memcmp). */
        WITHIN_BUFFER_PAGES("vector read within the buffer's pages"),
        /** The vector right after a buffer, within its pages: an unrolled string loop (glibc's strncpy). */
        NEXT_VECTOR("the vector after the buffer, within its pages");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** e.g. {@code READ of size 32 at libc.so.6!strlen+0x3d: dst[96, 128) is a benign over-read (aligned vector block)}. */
    public String describe(LongFunction<String> symbolizer) {
        return AccessDescription.of(event, symbolizer) + ": " + new BufferRange(buffer, event.range())
                + " is a benign over-read (" + rule + ")";
    }
}
