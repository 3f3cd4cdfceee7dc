package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One traced native call of a test, as the reports show it.
 *
 * @param name         the call's name ("fill", or "call" for a lambda)
 * @param events       its accesses, in order (empty for a call that ran untraced)
 * @param allocations  the arena's buffers when it started, live and freed
 * @param warnings     anything the reader should know (the call ran untraced, an instruction was not decoded...)
 * @param instructions names of the instructions that made the accesses by address, symbolized where they
 *                     ran (e.g. {@code libz.so.1!crc32_z+0x4c}); addresses missing here are shown in hex
 */
public record CallReport(String name, MemEvents events, List<AllocationInfo> allocations, List<String> warnings,
                         Map<Long, String> instructions) {

    public CallReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(events, "events");
        allocations = List.copyOf(allocations);
        warnings = List.copyOf(warnings);
        instructions = Map.copyOf(instructions);
    }

    /** The name of the instruction at {@code ip}. */
    public String instruction(long ip) {
        String name = instructions.get(ip);
        return name != null ? name : "0x" + Long.toHexString(ip);
    }
}
