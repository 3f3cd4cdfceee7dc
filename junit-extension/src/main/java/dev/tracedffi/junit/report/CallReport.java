package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.StackFrame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One traced native call of a test, as the reports show it.
 *
 * @param name          the call's name ("fill", or "call" for a lambda)
 * @param events        its accesses, in order (empty for a call that ran untraced), and what the supervisor
 *                      sent of their instructions (Intel syntax, native stack)
 * @param allocations   the arena's buffers when it started, live and freed
 * @param warnings      anything the reader should know (the call ran untraced, an instruction was not decoded...)
 * @param instructions  names of the instructions that made the accesses by address, symbolized where they
 *                      ran (e.g. {@code libz.so.1!crc32_z+0x4c}); addresses missing here are shown in hex
 * @param contentsAfter the bytes of small buffers after the call, by buffer start; a buffer missing here
 *                      was not captured (its map is drawn without values)
 * @param javaFrames    the Java frames of the test code that made the call, innermost first
 */
public record CallReport(String name, MemEvents events, List<AllocationInfo> allocations, List<String> warnings,
                         Map<Long, String> instructions, Map<Long, byte[]> contentsAfter, List<StackFrame> javaFrames) {

    public CallReport {
        javaFrames = List.copyOf(javaFrames);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(events, "events");
        allocations = List.copyOf(allocations);
        warnings = List.copyOf(warnings);
        instructions = Map.copyOf(instructions);
        Map<Long, byte[]> copies = new HashMap<>();
        contentsAfter.forEach((start, bytes) -> copies.put(start, bytes.clone()));
        contentsAfter = Map.copyOf(copies);
    }

    /** A call whose Java frames are not known. */
    public CallReport(String name, MemEvents events, List<AllocationInfo> allocations, List<String> warnings,
                      Map<Long, String> instructions, Map<Long, byte[]> contentsAfter) {
        this(name, events, allocations, warnings, instructions, contentsAfter, List.of());
    }

    /** A call whose buffers' contents were not captured. */
    public CallReport(String name, MemEvents events, List<AllocationInfo> allocations, List<String> warnings,
                      Map<Long, String> instructions) {
        this(name, events, allocations, warnings, instructions, Map.of());
    }

    /** The name of the instruction at {@code ip}. */
    public String instruction(long ip) {
        String name = instructions.get(ip);
        return name != null ? name : "0x" + Long.toHexString(ip);
    }

    /** What {@code buffer} held after the call, when it was captured (possibly fewer bytes than the buffer has). */
    Optional<byte[]> contentsAfter(AllocationInfo buffer) {
        return Optional.ofNullable(contentsAfter.get(buffer.range().addr()));
    }
}
