package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.StartFfiInfo;

import java.util.HashMap;
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
 * @param contentsAfter the bytes of allocations of at most 4 KiB after the call, by allocation start (the
 *                 view-A address, as in {@link StartFfiInfo#allocations()}); an allocation missing here was
 *                 not captured. The arrays are copies: changing them changes nothing here.
 */
public record CallRecord(StartFfiInfo info, MemEvents events, List<String> warnings, Ending ending,
                         Map<Long, String> instructions, Map<Long, byte[]> contentsAfter) {

    public enum Ending {
        COMPLETED, CHILD_DIED, CRASHED, TIMED_OUT, ABANDONED,
        /**
         * Native code called execve (a warning names the program): the tracing stopped there, and the
         * child JVM is replaced by that program unless the call failed.
         */
        EXECVE
    }

    public CallRecord {
        warnings = List.copyOf(warnings);
        instructions = Map.copyOf(instructions);
        Map<Long, byte[]> copies = new HashMap<>();
        contentsAfter.forEach((start, bytes) -> copies.put(start, bytes.clone()));
        contentsAfter = Map.copyOf(copies);
    }

    /** A call whose buffers' contents were not captured. */
    public CallRecord(StartFfiInfo info, MemEvents events, List<String> warnings, Ending ending,
                      Map<Long, String> instructions) {
        this(info, events, warnings, ending, instructions, Map.of());
    }

    public String name() {
        return info.callName();
    }
}
