package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.StartFfiInfo;

import java.util.List;
import java.util.Map;

/**
 * One traced call as the supervisor saw it.
 *
 * @param info     what the child announced (name, pages, allocations)
 * @param events   the accesses recorded, even when the call did not complete
 * @param warnings accesses the tracer could not decode exactly
 * @param ending   how the call ended
 * @param instructions the symbolized name of each instruction address in {@code events}, read while
 *                 the child was alive ({@code libz.so.1!crc32_z+0x4c}); empty when it was not
 */
public record CallRecord(StartFfiInfo info, MemEvents events, List<String> warnings, Ending ending,
                         Map<Long, String> instructions) {

    public enum Ending { COMPLETED, CHILD_DIED, CRASHED, TIMED_OUT, ABANDONED }

    public CallRecord {
        warnings = List.copyOf(warnings);
        instructions = Map.copyOf(instructions);
    }

    public String name() {
        return info.callName();
    }
}
