package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which accesses of a traced call are out of bounds.
 *
 * <p>Redzones and freed buffers stay tracked, so native code touching them is seen:
 * <ul>
 * <li>an access to a freed buffer is a use after free;</li>
 * <li>a write with any byte outside every live buffer is a violation;</li>
 * <li>a read with any byte outside every live buffer is a violation unless it is a benign over-read.</li>
 * </ul>
 * Vectorised library code reads past the ends of buffers on purpose and relies only on never touching a
 * page it would not otherwise touch (DESIGN.md, "Memory the native code may touch"). A read of 16, 32 or
 * 64 bytes that overlaps a live buffer is benign when
 * <ol>
 * <li>it is a naturally aligned block (address a multiple of its size), as strlen, memchr and strcmp
 * read whole blocks past the NUL and before a string that starts near a page end; or</li>
 * <li>it lies within the 4 KiB pages the buffer occupies, at any alignment, as glibc's memcmp loads a
 * full unaligned vector from each buffer for short lengths.</li>
 * </ol>
 * Rule 1 is a special case of rule 2 (an aligned block never crosses a page); it is checked first
 * because it names the usual culprit. A third rule covers unrolled string loops, which load the
 * vector after the one that held the terminator: a vector-sized read that overlaps no buffer is benign
 * when it starts less than its own size past the end of the live buffer before it and stays within
 * that buffer's pages (glibc's strncpy reads [32, 64) of a 4-byte string).
 */
public final class OutOfBoundsPolicy {

    static final long PAGE_SIZE = 4096;

    private final Allocations allocations;
    private final ByteRanges live;

    public OutOfBoundsPolicy(List<AllocationInfo> allocations) {
        this.allocations = new Allocations(allocations);
        this.live = this.allocations.live();
    }

    /** The violations among {@code events}, in order. */
    public static List<Violation> violations(MemEvents events, List<AllocationInfo> allocations) {
        return new OutOfBoundsPolicy(allocations).judge(events, Violation.class);
    }

    /** The benign over-reads among {@code events}, in order. */
    public static List<BenignOverRead> benignOverReads(MemEvents events, List<AllocationInfo> allocations) {
        return new OutOfBoundsPolicy(allocations).judge(events, BenignOverRead.class);
    }

    public AccessVerdict judge(AccessEvent event) {
        AccessRange range = event.range();
        List<AllocationInfo> overlapped = allocations.overlapping(range);
        Optional<AllocationInfo> freed = overlapped.stream().filter(AllocationInfo::freed).findFirst();
        if (freed.isPresent()) {
            return Violation.of(event, Violation.Kind.USE_AFTER_FREE, BoundsPosition.insideFreed(range, freed.get()));
        }
        if (ByteRanges.of(range).minus(live).isEmpty()) {
            return new AccessVerdict.InBounds(event);
        }
        if (event instanceof AccessEvent.Read read && isVectorSized(range.size())) {
            for (AllocationInfo buffer : overlapped) {
                Optional<BenignOverRead.Rule> rule = benignRule(range, buffer.range());
                if (rule.isPresent()) {
                    return new BenignOverRead(read, buffer, rule.get());
                }
            }
            Optional<AllocationInfo> before = overlapped.isEmpty() ? liveBufferEndingBefore(range) : Optional.empty();
            if (before.isPresent() && isNextVector(range, before.get().range())) {
                return new BenignOverRead(read, before.get(), BenignOverRead.Rule.NEXT_VECTOR);
            }
        }
        return Violation.of(event, Violation.Kind.OUT_OF_BOUNDS, BoundsPosition.outside(range, allocations));
    }

    private <V extends AccessVerdict> List<V> judge(MemEvents events, Class<V> wanted) {
        List<V> result = new ArrayList<>();
        for (AccessEvent event : events.accEvents()) {
            AccessVerdict verdict = judge(event);
            if (wanted.isInstance(verdict)) {
                result.add(wanted.cast(verdict));
            }
        }
        return result;
    }

    private Optional<AllocationInfo> liveBufferEndingBefore(AccessRange read) {
        return allocations.all().stream()
                .filter(a -> !a.freed() && a.range().end() <= read.addr())
                .reduce((first, second) -> second.range().end() > first.range().end() ? second : first);
    }

    private static boolean isNextVector(AccessRange read, AccessRange buffer) {
        return read.addr() - buffer.end() < read.size() && read.end() <= pagesEnd(buffer);
    }

    private static long pagesEnd(AccessRange buffer) {
        return Math.floorDiv(buffer.end() + PAGE_SIZE - 1, PAGE_SIZE) * PAGE_SIZE;
    }

    private static boolean isVectorSized(long size) {
        return size == 16 || size == 32 || size == 64;
    }

    private static Optional<BenignOverRead.Rule> benignRule(AccessRange read, AccessRange buffer) {
        if (read.addr() % read.size() == 0) {
            return Optional.of(BenignOverRead.Rule.ALIGNED_BLOCK);
        }
        long firstPage = Math.floorDiv(buffer.addr(), PAGE_SIZE) * PAGE_SIZE;
        return read.addr() >= firstPage && read.end() <= pagesEnd(buffer)
                ? Optional.of(BenignOverRead.Rule.WITHIN_BUFFER_PAGES)
                : Optional.empty();
    }
}
