package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.Optional;

/**
 * Where a bad access landed, in words: "1 byte right of the 16-byte buffer `dst`". Distances count from
 * the access's first byte, so the first byte past the end is 1 byte right and the last byte before the
 * start 1 byte left.
 */
final class BoundsPosition {

    private BoundsPosition() {
    }

    static String insideFreed(AccessRange access, AllocationInfo freed) {
        return new BufferRange(freed, access) + " is inside the " + sized(freed) + " (use after free)";
    }

    /** {@code access} has bytes outside every live buffer and none inside a freed one. */
    static String outside(AccessRange access, Allocations allocations) {
        Optional<AllocationInfo> overlapped = allocations.overlapping(access).stream().findFirst();
        if (overlapped.isPresent()) {
            AllocationInfo buffer = overlapped.get();
            AccessRange range = buffer.range();
            String where = new BufferRange(buffer, access).toString();
            return access.end() > range.end()
                    ? where + " overflows the " + sized(buffer) + " by " + bytes(access.end() - range.end())
                    : where + " underflows the " + sized(buffer) + " by " + bytes(range.addr() - access.addr());
        }
        Optional<AllocationInfo> nearest = allocations.nearest(access.addr());
        if (nearest.isEmpty()) {
            return access + " is not near any buffer";
        }
        AllocationInfo buffer = nearest.get();
        AccessRange range = buffer.range();
        String where = new BufferRange(buffer, access).toString();
        return access.addr() >= range.end()
                ? where + " is " + bytes(access.addr() - range.end() + 1) + " right of the " + sized(buffer)
                : where + " is " + bytes(range.addr() - access.addr()) + " left of the " + sized(buffer);
    }

    private static String sized(AllocationInfo buffer) {
        return (buffer.freed() ? "freed " : "") + buffer.range().size() + "-byte buffer `" + buffer.label() + "`";
    }

    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }
}
