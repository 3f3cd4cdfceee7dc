package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the JVM's generated code lives: its code heap (JIT code, the interpreter, stubs), one
 * reservation made at JVM start-up and never moved, committed piece by piece (rwx parts followed by
 * reserved {@code ---p} parts). Taken from the child's memory map at the handshake, before any test
 * code ran: executable anonymous memory that appears later is native code's (a regex JIT, libffi
 * closures), and so is the vDSO.
 */
public record JvmCodeHeap(List<AccessRange> ranges) {

    public JvmCodeHeap {
        ranges = List.copyOf(ranges);
    }

    /**
     * The runs of adjacent anonymous mappings, executable or only reserved, that hold executable memory
     * in {@code maps}.
     */
    public static JvmCodeHeap in(ProcMaps maps) {
        List<AccessRange> ranges = new ArrayList<>();
        long runStart = -1;
        long runEnd = -1;
        boolean runExecutable = false;
        for (Mapping m : maps.mappings()) {
            boolean anonymous = m.path().isEmpty();
            boolean joins = anonymous && m.start() == runEnd && (m.executable() || m.perms().startsWith("---"));
            if (!joins) {
                if (runExecutable) {
                    ranges.add(new AccessRange(runStart, runEnd - runStart));
                }
                runExecutable = false;
                runStart = -1;
                if (!anonymous || !(m.executable() || m.perms().startsWith("---"))) {
                    runEnd = -1;
                    continue;
                }
                runStart = m.start();
            }
            runEnd = m.end();
            runExecutable |= m.executable();
        }
        if (runExecutable) {
            ranges.add(new AccessRange(runStart, runEnd - runStart));
        }
        return new JvmCodeHeap(ranges);
    }

    public boolean contains(long address) {
        for (AccessRange range : ranges) {
            if (Long.compareUnsigned(address - range.addr(), range.size()) < 0) {
                return true;
            }
        }
        return false;
    }
}
