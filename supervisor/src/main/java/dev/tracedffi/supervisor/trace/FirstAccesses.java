package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.unwind.NativeStack;
import dev.tracedffi.supervisor.x86.Instruction;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The first access to tracked memory of each instruction in one call: the instruction as decoded and
 * the native stack of the thread at that moment, unwound once per ip (later accesses of the same
 * instruction cost nothing more). At most {@value #MAX_UNWOUND} instructions are unwound per call, so
 * that their stacks fit one frame of the protocol's limits; later ones keep only their instruction.
 */
final class FirstAccesses {

    static final int MAX_UNWOUND = 512;

    private final NativeStacks stacks;
    private final RemoteMemory memory;
    private final Supplier<ProcMaps> readMaps;
    private final Map<Long, FirstAccess> byIp = new HashMap<>();
    private ProcMaps maps;
    private int unwound;

    /** @param readMaps reads the child's memory map: once per call, at the first unwinding */
    FirstAccesses(NativeStacks stacks, RemoteMemory memory, Supplier<ProcMaps> readMaps) {
        this.stacks = stacks;
        this.memory = memory;
        this.readMaps = readMaps;
    }

    /** Notes the access of {@code fault}, the first of its instruction or not. */
    void note(Fault fault) {
        long ip = fault.original().rip();
        if (byIp.containsKey(ip)) {
            return;
        }
        Optional<NativeStack> stack = Optional.empty();
        if (unwound < MAX_UNWOUND) {
            unwound++;
            if (maps == null) {
                maps = readMaps.get();
            }
            stack = Optional.of(stacks.unwind(fault.original(), memory, maps));
        }
        byIp.put(ip, new FirstAccess(fault.insn(), stack));
    }

    Map<Long, FirstAccess> byIp() {
        return Map.copyOf(byIp);
    }
}
