package dev.tracedffi.protocol;

import java.util.List;

/** Every access native code made to tracked memory during one traced call, in the order they happened. */
public record MemEvents(List<AccessEvent> accEvents) implements Message {
    public MemEvents {
        accEvents = List.copyOf(accEvents);
    }
}
