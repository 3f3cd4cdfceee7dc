package dev.tracedffi.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every access native code made to tracked memory during one traced call, in the order they happened,
 * and what is known of the instructions that made them (at most one {@link InstructionInfo} per ip).
 */
public record MemEvents(List<AccessEvent> accEvents, List<InstructionInfo> instructions) implements Message {
    public MemEvents {
        accEvents = List.copyOf(accEvents);
        instructions = List.copyOf(instructions);
    }

    /** Events without instruction details. */
    public MemEvents(List<AccessEvent> accEvents) {
        this(accEvents, List.of());
    }

    /** The instruction details by ip. */
    public Map<Long, InstructionInfo> instructionsByIp() {
        Map<Long, InstructionInfo> byIp = new HashMap<>();
        instructions.forEach(info -> byIp.putIfAbsent(info.ip(), info));
        return byIp;
    }
}
