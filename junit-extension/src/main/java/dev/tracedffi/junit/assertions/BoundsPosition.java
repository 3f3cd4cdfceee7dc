package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.Optional;

/**
 * Where a bad access landed, in words, twice: relative to the buffer ("dst[16, 17) is 1 byte right of the
 * 16-byte buffer `dst`") and with addresses, as AddressSanitizer says it ("0x7f..50 is 1 byte right of the
 * 16-byte region `dst` [0x7f..40, 0x7f..50)"). Distances count from the access's first byte, so the first
 * byte past the end is 1 byte right and the last byte before the start 1 byte left.
 *
 * @param text   relative to the buffer
 * @param region with addresses and the buffer's bounds
 * @param buffer the buffer it is named after, or null when there is none near
 */
record BoundsPosition(String text, String region, AllocationInfo buffer) {

    static BoundsPosition insideFreed(AccessRange access, AllocationInfo freed) {
        return new BoundsPosition(new BufferRange(freed, access) + " is inside the " + sized(freed) + " (use after free)",
                hex(access.addr()) + " is " + bytes(access.addr() - freed.range().addr()) + " inside the "
                        + region(freed), freed);
    }

    /** {@code access} has bytes outside every live buffer and none inside a freed one. */
    static BoundsPosition outside(AccessRange access, Allocations allocations) {
        Optional<AllocationInfo> overlapped = allocations.overlapping(access).stream().findFirst();
        String start = hex(access.addr());
        if (overlapped.isPresent()) {
            AllocationInfo buffer = overlapped.get();
            AccessRange range = buffer.range();
            String where = new BufferRange(buffer, access).toString();
            String sized = start + " (" + bytes(access.size()) + ")";
            return access.end() > range.end()
                    ? new BoundsPosition(where + " overflows the " + sized(buffer) + " by " + bytes(access.end() - range.end()),
                            sized + " overflows the " + region(buffer) + " by " + bytes(access.end() - range.end()), buffer)
                    : new BoundsPosition(where + " underflows the " + sized(buffer) + " by " + bytes(range.addr() - access.addr()),
                            sized + " underflows the " + region(buffer) + " by " + bytes(range.addr() - access.addr()), buffer);
        }
        Optional<AllocationInfo> nearest = allocations.nearest(access.addr());
        if (nearest.isEmpty()) {
            return new BoundsPosition(access + " is not near any buffer", start + " is not near any buffer", null);
        }
        AllocationInfo buffer = nearest.get();
        AccessRange range = buffer.range();
        String where = new BufferRange(buffer, access).toString();
        String distance = access.addr() >= range.end()
                ? bytes(access.addr() - range.end() + 1) + " right of the "
                : bytes(range.addr() - access.addr()) + " left of the ";
        return new BoundsPosition(where + " is " + distance + sized(buffer), start + " is " + distance + region(buffer), buffer);
    }

    private static String sized(AllocationInfo buffer) {
        return (buffer.freed() ? "freed " : "") + buffer.range().size() + "-byte buffer `" + buffer.label() + "`";
    }

    /** {@code 16-byte region `dst` [0x7f..40, 0x7f..50)}. */
    private static String region(AllocationInfo buffer) {
        return (buffer.freed() ? "freed " : "") + buffer.range().size() + "-byte region `" + buffer.label() + "` ["
                + hex(buffer.range().addr()) + ", " + hex(buffer.range().end()) + ")";
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }
}
