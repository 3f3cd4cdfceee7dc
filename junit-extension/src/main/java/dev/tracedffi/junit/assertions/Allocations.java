package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The buffers of a tracked arena (live and freed), indexed by address.
 *
 * <p>Every byte of the address space is attributed to its nearest buffer: the byte right after a buffer
 * is "1 byte right" of it, the byte right before it "1 byte left"; a byte equally far from two buffers
 * belongs to the one on its left (overflows are more common than underflows). The bytes attributed to
 * a buffer are its <em>cell</em>: the buffer, its redzones, and whatever else lies closer to it.
 */
public final class Allocations {

    private final List<AllocationInfo> byStart;

    public Allocations(List<AllocationInfo> allocations) {
        List<AllocationInfo> sorted = new ArrayList<>(allocations);
        sorted.sort(Comparator.comparingLong(a -> a.range().addr()));
        this.byStart = List.copyOf(sorted);
    }

    /** Every buffer, by address. */
    public List<AllocationInfo> all() {
        return byStart;
    }

    /** The buffer (live or freed) holding {@code address}; a zero-sized buffer holds its start address. */
    public Optional<AllocationInfo> containing(long address) {
        int i = floorIndex(address);
        if (i < 0) {
            return Optional.empty();
        }
        AllocationInfo candidate = byStart.get(i);
        AccessRange range = candidate.range();
        return range.contains(address) || range.addr() == address ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * The buffer a pointer handed out by the arena points into.
     *
     * @throws IllegalArgumentException when {@code address} is in no buffer
     */
    public AllocationInfo bufferAt(long address) {
        return containing(address).orElseThrow(() -> new IllegalArgumentException(
                "0x" + Long.toHexString(address) + " is not inside a buffer of the tracked arena (buffers: "
                        + (byStart.isEmpty() ? "none" : byStart.stream().map(AllocationInfo::label)
                        .collect(Collectors.joining(", "))) + ")"));
    }

    /** The buffers sharing at least one byte with {@code range}. */
    public List<AllocationInfo> overlapping(AccessRange range) {
        List<AllocationInfo> result = new ArrayList<>(1);
        for (int i = Math.max(0, floorIndex(range.addr())); i < byStart.size(); i++) {
            AllocationInfo candidate = byStart.get(i);
            if (candidate.range().addr() >= range.end()) {
                break;
            }
            if (candidate.range().overlaps(range)) {
                result.add(candidate);
            }
        }
        return result;
    }

    /** The buffer nearest to {@code address} (the one whose cell holds it); empty when there are none. */
    public Optional<AllocationInfo> nearest(long address) {
        return byStart.isEmpty() ? Optional.empty() : Optional.of(byStart.get(cellIndex(address)));
    }

    /** The bytes attributed to {@code buffer}. */
    public AccessRange cellOf(AllocationInfo buffer) {
        int i = byStart.indexOf(buffer);
        if (i < 0) {
            throw new IllegalArgumentException("buffer " + buffer.label() + " is not one of " + byStart);
        }
        return cell(i);
    }

    /**
     * The bytes between the ends of {@code buffer}'s neighbours that lie within {@code margin} bytes
     * of it: the buffer and its redzones, as far as they are not another buffer's bytes.
     */
    public AccessRange surroundings(AllocationInfo buffer, long margin) {
        int i = byStart.indexOf(buffer);
        if (i < 0) {
            throw new IllegalArgumentException("buffer " + buffer.label() + " is not one of " + byStart);
        }
        AccessRange range = buffer.range();
        long start = range.addr() - margin;
        long end = range.end() + margin;
        if (i > 0) {
            start = Math.max(start, byStart.get(i - 1).range().end());
        }
        if (i + 1 < byStart.size()) {
            end = Math.min(end, byStart.get(i + 1).range().addr());
        }
        return ByteRanges.span(Math.max(0, start), end);
    }

    /** {@code bytes} cut into pieces, each named relative to the buffer it is attributed to. */
    List<BufferRange> attribute(ByteRanges bytes) {
        List<BufferRange> pieces = new ArrayList<>();
        if (byStart.isEmpty()) {
            return pieces;
        }
        for (AccessRange range : bytes.ranges()) {
            long start = range.addr();
            while (start < range.end()) {
                int i = cellIndex(start);
                long end = Math.min(range.end(), cell(i).end());
                pieces.add(new BufferRange(byStart.get(i), ByteRanges.span(start, end)));
                start = end;
            }
        }
        return pieces;
    }

    /** The bytes of every live buffer. */
    ByteRanges live() {
        return ByteRanges.of(byStart.stream().filter(a -> !a.freed()).map(AllocationInfo::range).toList());
    }

    private AccessRange cell(int i) {
        long start = i == 0 ? 0 : firstByteOfCell(i);
        long end = i + 1 == byStart.size() ? Long.MAX_VALUE : firstByteOfCell(i + 1);
        return ByteRanges.span(start, end);
    }

    /**
     * Where the cell of buffer {@code i} starts: in the gap {@code [a, b)} between its left neighbour's end
     * and its start, byte x is {@code x - a + 1} bytes right of the neighbour and {@code b - x} bytes left
     * of buffer i, so the neighbour keeps every x up to {@code (a + b - 1) / 2}.
     */
    private long firstByteOfCell(int i) {
        long a = byStart.get(i - 1).range().end();
        long b = byStart.get(i).range().addr();
        return Math.floorDiv(a + b - 1, 2) + 1;
    }

    private int cellIndex(long address) {
        int i = Math.max(0, floorIndex(address));
        return i + 1 < byStart.size() && address >= firstByteOfCell(i + 1) ? i + 1 : i;
    }

    /** The index of the last buffer starting at or before {@code address}, or -1. */
    private int floorIndex(long address) {
        int low = 0;
        int high = byStart.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (byStart.get(mid).range().addr() <= address) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }
}
