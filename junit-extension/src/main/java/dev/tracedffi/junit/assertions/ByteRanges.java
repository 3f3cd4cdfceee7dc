package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessRange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A set of bytes of the address space, kept as sorted, disjoint, non-adjacent ranges.
 *
 * <p>Addresses are compared as signed longs: user-space addresses on x86-64 stay below 2^47.
 */
final class ByteRanges {

    static final ByteRanges EMPTY = new ByteRanges(List.of());

    private final List<AccessRange> ranges;

    private ByteRanges(List<AccessRange> ranges) {
        this.ranges = ranges;
    }

    /** The union of {@code ranges}; empty ranges contribute nothing. */
    static ByteRanges of(Collection<AccessRange> ranges) {
        List<AccessRange> sorted = new ArrayList<>(ranges);
        sorted.removeIf(r -> r.size() == 0);
        sorted.sort(Comparator.comparingLong(AccessRange::addr));
        List<AccessRange> merged = new ArrayList<>();
        for (AccessRange r : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && r.addr() <= merged.get(last).end()) {
                AccessRange previous = merged.get(last);
                merged.set(last, span(previous.addr(), Math.max(previous.end(), r.end())));
            } else {
                merged.add(r);
            }
        }
        return new ByteRanges(List.copyOf(merged));
    }

    static ByteRanges of(AccessRange range) {
        return of(List.of(range));
    }

    /** The bytes of this set that are not in {@code other}. */
    ByteRanges minus(ByteRanges other) {
        List<AccessRange> result = new ArrayList<>();
        int j = 0;
        for (AccessRange r : ranges) {
            long start = r.addr();
            while (j < other.ranges.size() && other.ranges.get(j).end() <= start) {
                j++;
            }
            int k = j;
            while (k < other.ranges.size() && other.ranges.get(k).addr() < r.end()) {
                AccessRange cut = other.ranges.get(k);
                if (cut.addr() > start) {
                    result.add(span(start, cut.addr()));
                }
                start = Math.max(start, cut.end());
                k++;
            }
            if (start < r.end()) {
                result.add(span(start, r.end()));
            }
        }
        return new ByteRanges(List.copyOf(result));
    }

    /** The bytes of this set inside {@code bounds}. */
    ByteRanges within(AccessRange bounds) {
        List<AccessRange> result = new ArrayList<>();
        for (AccessRange r : ranges) {
            long start = Math.max(r.addr(), bounds.addr());
            long end = Math.min(r.end(), bounds.end());
            if (start < end) {
                result.add(span(start, end));
            }
        }
        return new ByteRanges(List.copyOf(result));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    List<AccessRange> ranges() {
        return ranges;
    }

    static AccessRange span(long start, long end) {
        return new AccessRange(start, end - start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteRanges other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
