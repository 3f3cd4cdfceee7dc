package dev.tracedffi.child;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.StackFrame;
import dev.tracedffi.linux.Syscalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The memory native code may touch during a traced call.
 *
 * <p>One memfd mapped twice: view A is what native code gets (made PROT_NONE during a call so every
 * access faults), view B = A + {@link #aliasDelta()} stays read-write for the supervisor. Both views
 * sit in one address-space reservation, so the delta is fixed and below 2 GiB. Buffers are bump
 * allocated, 64-byte aligned, with at least {@value #REDZONE} bytes of redzone on each side; memory is
 * never reused, so a freed buffer stays tracked (quarantined) and every buffer starts zero-filled.
 * Not thread-safe: the client serialises access.
 */
public final class TracedArena implements AutoCloseable {

    public static final long REDZONE = 64;
    private static final long ALIGNMENT = 64;
    private static final long VIEW_RESERVE = 1L << 30;
    private static final long COMMIT_CHUNK = 1L << 20;

    private final Syscalls sys = Syscalls.get();
    private final long pageSize = sys.pageSize();
    private final int fd;
    private final long viewA;
    private final long viewB;
    private final TreeMap<Long, Allocation> byStart = new TreeMap<>();
    private long committed;
    private long top;
    private boolean closed;

    /**
     * A buffer of the arena; {@code start} is a view-A address, {@code allocatedAt} the code that asked for
     * it (null when not known).
     */
    public record Allocation(String label, long start, long size, boolean freed, StackFrame allocatedAt) {
        public AllocationInfo info() {
            return new AllocationInfo(label, new AccessRange(start, size), freed, allocatedAt);
        }

        boolean contains(long address) {
            return address >= start && address < start + Math.max(size, 1);
        }
    }

    public TracedArena() {
        fd = sys.memfdCreate(ChildContract.ARENA_MEMFD_NAME);
        long reservation = sys.mmap(0, 2 * VIEW_RESERVE, Syscalls.PROT_NONE,
                Syscalls.MAP_PRIVATE | Syscalls.MAP_ANONYMOUS | Syscalls.MAP_NORESERVE, -1, 0);
        viewA = reservation;
        viewB = reservation + VIEW_RESERVE;
    }

    /** Allocates {@code size} zero-filled bytes; returns the view-A address. */
    public Allocation allocate(String label, long size) {
        return allocate(label, size, null);
    }

    /** Allocates {@code size} zero-filled bytes for the code at {@code allocatedAt} (null when not known). */
    public Allocation allocate(String label, long size, StackFrame allocatedAt) {
        checkOpen();
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for buffer '" + label + "'");
        }
        long start = alignUp(top + REDZONE, ALIGNMENT);
        long end = start + size;
        commit(end + REDZONE);
        top = end;
        Allocation allocation = new Allocation(label, viewA + start, size, false, allocatedAt);
        byStart.put(allocation.start(), allocation);
        return allocation;
    }

    /** Marks the buffer starting at {@code address} as freed; it stays tracked (quarantine). */
    public void free(long address) {
        checkOpen();
        Allocation allocation = byStart.get(address);
        if (allocation == null) {
            throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is not the start of an arena buffer"
                    + find(address).map(a -> " (it lies inside '" + a.label() + "')").orElse(""));
        }
        if (allocation.freed()) {
            throw new IllegalStateException("double free of buffer '" + allocation.label() + "'");
        }
        byStart.put(address, new Allocation(allocation.label(), address, allocation.size(), true,
                allocation.allocatedAt()));
    }

    /** The buffer (live or freed) containing {@code address}, if any. */
    public Optional<Allocation> find(long address) {
        Map.Entry<Long, Allocation> entry = byStart.floorEntry(address);
        return entry != null && entry.getValue().contains(address) ? Optional.of(entry.getValue()) : Optional.empty();
    }

    public List<AllocationInfo> allocations() {
        List<AllocationInfo> infos = new ArrayList<>(byStart.size());
        for (Allocation a : byStart.values()) {
            infos.add(a.info());
        }
        return infos;
    }

    /**
     * Page-aligned view-A addresses of every page of the arena's committed memory: the buffers, their
     * redzones and the committed memory after them, so that a wild access far past a buffer still faults.
     */
    public List<Long> trackedPages() {
        List<Long> pages = new ArrayList<>((int) (trackedBytes() / pageSize));
        for (long offset = 0; offset < trackedBytes(); offset += pageSize) {
            pages.add(viewA + offset);
        }
        return pages;
    }

    /** Makes view A inaccessible ({@link Syscalls#PROT_NONE}) or read-write again. */
    public void protect(int prot) {
        if (trackedBytes() > 0) {
            sys.mprotect(viewA, trackedBytes(), prot);
        }
    }

    /** Nothing is tracked before the first buffer; then all of the committed memory is. */
    private long trackedBytes() {
        return top == 0 ? 0 : committed;
    }

    public long aliasDelta() {
        return viewB - viewA;
    }

    public long pageSize() {
        return pageSize;
    }

    private void commit(long needed) {
        if (needed <= committed) {
            return;
        }
        long target = alignUp(needed, COMMIT_CHUNK);
        if (target > VIEW_RESERVE) {
            throw new OutOfMemoryError("the traced arena is limited to " + (VIEW_RESERVE >> 20) + " MiB");
        }
        sys.ftruncate(fd, target);
        int rw = Syscalls.PROT_READ | Syscalls.PROT_WRITE;
        int flags = Syscalls.MAP_SHARED | Syscalls.MAP_FIXED;
        sys.mmap(viewA + committed, target - committed, rw, flags, fd, committed);
        sys.mmap(viewB + committed, target - committed, rw, flags, fd, committed);
        committed = target;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the traced arena is closed");
        }
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sys.munmap(viewA, 2 * VIEW_RESERVE);
            sys.libc().close(fd);
        }
    }
}
