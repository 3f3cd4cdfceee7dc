package dev.tracedffi.supervisor;

import dev.tracedffi.child.TracedArena;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.AccessRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Test helper: the bytes of one traced call's events, relative to one of its buffers. */
final class Coverage {

    /** A half-open byte range relative to a buffer's start. */
    record Span(long from, long to) {
        @Override
        public String toString() {
            return "[" + from + ", " + to + ")";
        }
    }

    private Coverage() {
    }

    static AllocationInfo buffer(CallRecord call, String label) {
        return call.info().allocations().stream().filter(a -> a.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no buffer " + label + " in " + call.info().allocations()));
    }

    /**
     * The merged union of the events' bytes within the buffer and its redzones, relative to its start.
     * The arena keeps at least one redzone between buffers, so this window never reaches a neighbour.
     */
    static List<Span> union(CallRecord call, String label, Predicate<AccessEvent> which) {
        AllocationInfo buffer = buffer(call, label);
        long base = buffer.range().addr();
        long from = base - TracedArena.REDZONE;
        long to = buffer.range().end() + TracedArena.REDZONE;
        List<Span> spans = new ArrayList<>();
        for (AccessEvent event : call.events().accEvents()) {
            long start = Math.max(event.range().addr(), from);
            long end = Math.min(event.range().end(), to);
            if (which.test(event) && start < end) {
                spans.add(new Span(start - base, end - base));
            }
        }
        return merge(spans);
    }

    static List<Span> written(CallRecord call, String label) {
        return union(call, label, e -> e instanceof AccessEvent.Write);
    }

    static List<Span> read(CallRecord call, String label) {
        return union(call, label, e -> e instanceof AccessEvent.Read);
    }

    /** Events that touch no byte of any buffer's pages: these should never exist. */
    static List<AccessEvent> strayEvents(CallRecord call) {
        List<AccessEvent> stray = new ArrayList<>();
        for (AccessEvent event : call.events().accEvents()) {
            boolean nearSomeBuffer = call.info().allocations().stream().anyMatch(a -> event.range().overlaps(
                    new AccessRange((a.range().addr() & -4096L), ((a.range().end() + 4095) & -4096L) - (a.range().addr() & -4096L))));
            if (!nearSomeBuffer) {
                stray.add(event);
            }
        }
        return stray;
    }

    /**
     * Reads outside {@code [from, to)} of the buffer that are not glibc's vector over-reads: a read of 16,
     * 32 or 64 bytes that overlaps the range and stays in the pages the buffer occupies.
     */
    static List<AccessEvent> nonVectorOverReads(CallRecord call, String label, long from, long to) {
        AllocationInfo buffer = buffer(call, label);
        long base = buffer.range().addr();
        AccessRange wanted = new AccessRange(base + from, to - from);
        long firstPage = buffer.range().addr() & -4096L;
        long endPage = (buffer.range().end() + 4095) & -4096L;
        List<AccessEvent> bad = new ArrayList<>();
        for (AccessEvent event : call.events().accEvents()) {
            if (!(event instanceof AccessEvent.Read read) || !read.range().overlaps(wanted)) {
                continue;
            }
            boolean inside = read.range().addr() >= wanted.addr() && read.range().end() <= wanted.end();
            long size = read.range().size();
            boolean vector = (size == 16 || size == 32 || size == 64)
                    && read.range().addr() >= firstPage && read.range().end() <= endPage;
            if (!inside && !vector) {
                bad.add(read);
            }
        }
        return bad;
    }

    static List<Span> merge(List<Span> spans) {
        spans.sort(Comparator.comparingLong(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span span : spans) {
            if (!merged.isEmpty() && span.from() <= merged.get(merged.size() - 1).to()) {
                Span last = merged.remove(merged.size() - 1);
                merged.add(new Span(last.from(), Math.max(last.to(), span.to())));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }
}
