package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.StartFfiInfo;

import java.util.List;

/**
 * One traced call as the supervisor saw it.
 *
 * @param info     what the child announced (name, pages, allocations)
 * @param events   the accesses recorded, even when the call did not complete
 * @param warnings accesses the tracer could not decode exactly
 * @param ending   how the call ended
 */
public record CallRecord(StartFfiInfo info, MemEvents events, List<String> warnings, Ending ending) {

    public enum Ending { COMPLETED, CHILD_DIED, CRASHED, TIMED_OUT, ABANDONED }

    public CallRecord {
        warnings = List.copyOf(warnings);
    }

    public String name() {
        return info.callName();
    }
}
