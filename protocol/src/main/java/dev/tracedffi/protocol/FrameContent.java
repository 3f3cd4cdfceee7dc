package dev.tracedffi.protocol;

import java.util.List;

/** What one frame holds: a whole message, or the leading events of a MemEvents that continues in later frames. */
sealed interface FrameContent {

    record Whole(Message message) implements FrameContent {
    }

    record EventsPart(List<AccessEvent> events) implements FrameContent {
    }
}
