package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;

import java.util.List;
import java.util.function.LongFunction;

/**
 * The lines of a failure message that name byte ranges and the accesses responsible for them:
 * <pre>
 *   extra: dst[16, 17)  WRITE of size 1 at libbuggy.so!fill+0x12
 * </pre>
 */
final class AccessListing {

    /** A byte range written by a 1 MiB memset may come from thousands of stores; a few name the culprit. */
    private static final int EVENTS_PER_RANGE = 3;

    private final LongFunction<String> symbolizer;
    private final StringBuilder text = new StringBuilder();

    AccessListing(LongFunction<String> symbolizer) {
        this.symbolizer = symbolizer;
    }

    /** A line {@code "  <tag><range>"} and the accesses among {@code events} that touched the range. */
    AccessListing range(String tag, BufferRange range, List<AccessEvent> events) {
        String head = "  " + tag + range;
        text.append('\n').append(head);
        String indent = " ".repeat(head.length() + 2);
        int shown = 0;
        int more = 0;
        for (AccessEvent event : events) {
            if (!event.range().overlaps(range.bytes())) {
                continue;
            }
            if (shown == EVENTS_PER_RANGE) {
                more++;
                continue;
            }
            text.append(shown == 0 ? "  " : "\n" + indent).append(AccessDescription.of(event, symbolizer));
            shown++;
        }
        if (more > 0) {
            text.append('\n').append(indent).append("and ").append(more).append(more == 1 ? " more access" : " more accesses");
        }
        return this;
    }

    /** A line {@code "  <line>"}. */
    AccessListing line(String line) {
        text.append("\n  ").append(line);
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
