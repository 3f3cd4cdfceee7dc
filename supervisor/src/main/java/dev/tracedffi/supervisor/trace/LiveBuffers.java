package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.Arrays;
import java.util.List;

/**
 * The live (not freed) buffers of a call, to tell at a fault whether an access stays inside one. The
 * test's policy judges violations in the child; this only decides where a native stack is worth unwinding.
 */
final class LiveBuffers {

    private final long[] starts;
    private final long[] ends;

    LiveBuffers(List<AllocationInfo> allocations) {
        List<AccessRange> live = allocations.stream().filter(a -> !a.freed()).map(AllocationInfo::range)
                .sorted((a, b) -> Long.compareUnsigned(a.addr(), b.addr())).toList();
        starts = live.stream().mapToLong(AccessRange::addr).toArray();
        ends = live.stream().mapToLong(AccessRange::end).toArray();
    }

    /** Whether every byte of {@code range} lies in one live buffer. */
    boolean holds(AccessRange range) {
        int i = Arrays.binarySearch(starts, range.addr());
        int floor = i >= 0 ? i : -i - 2;
        return floor >= 0 && range.end() <= ends[floor];
    }
}
