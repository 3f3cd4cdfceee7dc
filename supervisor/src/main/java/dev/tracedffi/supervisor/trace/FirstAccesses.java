package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.unwind.NativeStack;

import dev.tracedffi.protocol.AccessEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one call's tracer keeps of each instruction that accessed tracked memory: the instruction as
 * decoded at its first access, and the native stack of the thread at its first access outside the live
 * buffers (a violation, or a benign over-read: the child's policy tells), unwound once per ip. Accesses
 * inside buffers never unwind, so a call without a stray access pays nothing for stacks. At most
 * {@value #MAX_UNWOUND} instructions are unwound per call, so that their stacks fit one frame of the
 * protocol's limits; later ones keep only their instruction.
 */
final class FirstAccesses {

    static final int MAX_UNWOUND = 512;

    private final NativeStacks stacks;
    private final RemoteMemory memory;
    private final Supplier<ProcMaps> readMaps;
    private final LiveBuffers live;
    private final Map<Long, FirstAccess> byIp = new HashMap<>();
    private ProcMaps maps;
    private int unwound;

    /**
     * @param readMaps reads the child's memory map: once per call, at the first unwinding
     * @param live     the call's live buffers
     */
    FirstAccesses(NativeStacks stacks, RemoteMemory memory, Supplier<ProcMaps> readMaps, LiveBuffers live) {
        this.stacks = stacks;
        this.memory = memory;
        this.readMaps = readMaps;
        this.live = live;
    }

    /**
     * Notes what {@code fault}'s instruction accessed ({@code accesses}, recorded for it); call while the
     * thread is still stopped where it faulted.
     */
    void note(Fault fault, List<AccessEvent> accesses) {
        long ip = fault.original().rip();
        FirstAccess first = byIp.get(ip);
        if (first == null) {
            first = new FirstAccess(fault.insn(), Optional.empty());
            byIp.put(ip, first);
        }
        if (first.stack().isPresent() || unwound == MAX_UNWOUND
                || accesses.stream().allMatch(access -> live.holds(access.range()))) {
            return;
        }
        unwound++;
        if (maps == null) {
            maps = readMaps.get();
        }
        byIp.put(ip, new FirstAccess(first.insn(), Optional.of(stacks.unwind(fault.original(), memory, maps))));
    }

    Map<Long, FirstAccess> byIp() {
        return Map.copyOf(byIp);
    }
}
