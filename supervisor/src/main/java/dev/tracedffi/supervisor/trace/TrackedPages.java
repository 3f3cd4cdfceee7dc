package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The pages of one traced call that native code may touch, as sorted page addresses. */
final class TrackedPages {

    private final long[] pages;
    private final long pageSize;

    TrackedPages(List<Long> pagePtrs, long pageSize) {
        this.pages = pagePtrs.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        this.pageSize = pageSize;
    }

    long pageSize() {
        return pageSize;
    }

    boolean isEmpty() {
        return pages.length == 0;
    }

    long pageOf(long address) {
        return address & -pageSize;
    }

    boolean contains(long address) {
        return Arrays.binarySearch(pages, pageOf(address)) >= 0;
    }

    boolean overlaps(AccessRange range) {
        if (range.size() == 0) {
            return false;
        }
        int i = Arrays.binarySearch(pages, pageOf(range.addr()));
        if (i >= 0) {
            return true;
        }
        i = -i - 1;
        return i < pages.length && pages[i] <= pageOf(range.end() - 1);
    }

    /** Whether every page {@code range} touches is tracked. */
    boolean covers(AccessRange range) {
        if (range.size() == 0) {
            return false;
        }
        int first = Arrays.binarySearch(pages, pageOf(range.addr()));
        int last = Arrays.binarySearch(pages, pageOf(range.end() - 1));
        return first >= 0 && last >= 0 && (long) (last - first) * pageSize == pages[last] - pages[first];
    }

    /** The runs of contiguous tracked pages that {@code range} touches, each as one range. */
    List<AccessRange> runsTouchedBy(AccessRange range) {
        List<AccessRange> runs = new ArrayList<>(1);
        if (range.size() == 0) {
            return runs;
        }
        long first = pageOf(range.addr());
        long last = pageOf(range.end() - 1);
        int i = Arrays.binarySearch(pages, first);
        if (i < 0) {
            i = -i - 1;
        }
        long runStart = -1;
        long runEnd = -1;
        for (; i < pages.length && pages[i] <= last; i++) {
            if (runStart >= 0 && pages[i] == runEnd) {
                runEnd += pageSize;
            } else {
                if (runStart >= 0) {
                    runs.add(new AccessRange(runStart, runEnd - runStart));
                }
                runStart = pages[i];
                runEnd = pages[i] + pageSize;
            }
        }
        if (runStart >= 0) {
            runs.add(new AccessRange(runStart, runEnd - runStart));
        }
        return runs;
    }

    /** Merges runs that touch or overlap, so each page is opened by one injected mprotect at most. */
    static List<AccessRange> merge(List<AccessRange> runs) {
        if (runs.size() < 2) {
            return runs;
        }
        List<AccessRange> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Long.compareUnsigned(a.addr(), b.addr()));
        List<AccessRange> merged = new ArrayList<>();
        AccessRange current = sorted.get(0);
        for (AccessRange next : sorted.subList(1, sorted.size())) {
            if (Long.compareUnsigned(next.addr(), current.end()) <= 0) {
                long end = Math.max(current.end(), next.end());
                current = new AccessRange(current.addr(), end - current.addr());
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged;
    }
}
