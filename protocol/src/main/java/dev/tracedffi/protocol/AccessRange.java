package dev.tracedffi.protocol;

/**
 * A range of bytes in the child's address space: {@code [addr, addr + size)}.
 *
 * <p>Addresses are unsigned 64-bit values; a range never wraps around the end of the address space.
 */
public record AccessRange(long addr, long size) {

    public AccessRange {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " at 0x" + Long.toHexString(addr));
        }
        if (Long.compareUnsigned(addr + size, addr) < 0) {
            throw new IllegalArgumentException(
                    "range 0x" + Long.toHexString(addr) + " + " + size + " overflows the address space");
        }
    }

    /** The first address after the range. */
    public long end() {
        return addr + size;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, addr) >= 0 && Long.compareUnsigned(address, end()) < 0;
    }

    public boolean overlaps(AccessRange other) {
        return Long.compareUnsigned(addr, other.end()) < 0 && Long.compareUnsigned(other.addr, end()) < 0;
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(addr) + ", 0x" + Long.toHexString(end()) + ")";
    }
}
