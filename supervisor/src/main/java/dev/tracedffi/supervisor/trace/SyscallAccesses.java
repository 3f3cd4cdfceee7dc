package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.trace.SyscallTable.Buffer;
import dev.tracedffi.supervisor.trace.SyscallTable.CString;
import dev.tracedffi.supervisor.trace.SyscallTable.IoVectors;
import dev.tracedffi.supervisor.trace.SyscallTable.PointerArg;
import dev.tracedffi.supervisor.trace.SyscallTable.Struct;
import dev.tracedffi.supervisor.trace.SyscallTable.StructUse;
import dev.tracedffi.supervisor.trace.SyscallTable.Syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The user memory one syscall touches, resolved from its arguments at entry (iovec arrays and strings
 * are read from the child then): which tracked pages must be open while it runs, and, from its result,
 * the kernel's accesses as events.
 */
final class SyscallAccesses {

    /** Reads the child's memory whatever its protection. */
    @FunctionalInterface
    interface ChildMemory {
        byte[] read(long address, int length);
    }

    private static final long USER_SPACE_END = 1L << 47;
    private static final int IOV_MAX = 1024;
    private static final int PATH_MAX = 4096;
    private static final int EINTR = 4;

    /** Buffers the kernel reads or fills in order, {@code result} bytes in all (read, writev...). */
    private record Sequence(List<AccessRange> buffers, boolean writes) {
    }

    private record Fixed(AccessRange range, StructUse use) {
    }

    /** An argument into tracked pages that the table does not describe, and the run of pages around it. */
    private record Uncertain(int arg, long pointer, AccessRange pages) {
    }

    private final long number;
    private final List<Sequence> sequences = new ArrayList<>();
    private final List<Fixed> fixed = new ArrayList<>();
    private final List<Uncertain> uncertain = new ArrayList<>();

    private SyscallAccesses(long number) {
        this.number = number;
    }

    /** Resolves the syscall {@code number} with {@code args}, as the thread is about to make it. */
    static SyscallAccesses resolve(long number, long[] args, TrackedPages tracked, long pageSize, ChildMemory memory) {
        SyscallAccesses accesses = new SyscallAccesses(number);
        Optional<Syscall> syscall = SyscallTable.lookup(number);
        // an unknown syscall may take all six arguments: leftovers in unused registers may cause false alarms
        int arity = syscall.map(Syscall::arity).orElse(args.length);
        Set<Integer> described = new HashSet<>();
        for (PointerArg pointer : syscall.map(Syscall::pointers).orElse(List.of())) {
            described.add(pointer.pointer());
            if (args[pointer.pointer()] != 0) {
                accesses.add(pointer, args, memory);
            }
        }
        for (int i = 0; i < arity; i++) {
            if (!described.contains(i) && tracked.contains(args[i])) {
                accesses.uncertain.add(new Uncertain(i, args[i], runAround(tracked, pageSize, args[i])));
            }
        }
        return accesses;
    }

    private void add(PointerArg pointer, long[] args, ChildMemory memory) {
        long address = args[pointer.pointer()];
        if (pointer instanceof Buffer buffer) {
            sequences.add(new Sequence(List.of(range(address, args[buffer.length()])), buffer.writes()));
        } else if (pointer instanceof Struct struct) {
            fixed.add(new Fixed(range(address, struct.size()), struct.use()));
        } else if (pointer instanceof CString) {
            fixed.add(new Fixed(range(address, stringSize(address, memory)), StructUse.READ));
        } else if (pointer instanceof IoVectors iov) {
            int requested = (int) args[iov.count()]; // an int in the kernel; out of range means EINVAL
            int count = requested < 0 ? 0 : Math.min(requested, IOV_MAX);
            fixed.add(new Fixed(range(address, 16L * count), StructUse.READ));
            ByteBuffer array = ByteBuffer.wrap(memory.read(address, 16 * count)).order(ByteOrder.LITTLE_ENDIAN);
            List<AccessRange> buffers = new ArrayList<>(count);
            while (array.remaining() >= 16) {
                buffers.add(range(array.getLong(), array.getLong()));
            }
            sequences.add(new Sequence(buffers, iov.writes()));
        }
    }

    /** The bytes of the NUL-terminated string at {@code address}, its NUL included (at most PATH_MAX). */
    private static long stringSize(long address, ChildMemory memory) {
        long size = 0;
        while (size < PATH_MAX) {
            int chunk = (int) Math.min(PATH_MAX - size, 4096 - ((address + size) & 4095));
            byte[] bytes = memory.read(address + size, chunk);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    return size + i + 1;
                }
            }
            if (bytes.length < chunk) {
                return size + bytes.length; // runs into unmapped memory: the kernel fails with EFAULT there
            }
            size += chunk;
        }
        return size;
    }

    /** {@code [address, address + length)} clipped to user space, where every syscall buffer lies. */
    private static AccessRange range(long address, long length) {
        if (Long.compareUnsigned(address, USER_SPACE_END) >= 0) {
            return new AccessRange(address, 0);
        }
        long room = USER_SPACE_END - address;
        return new AccessRange(address, Long.compareUnsigned(length, room) > 0 ? room : length);
    }

    /** The run of contiguous tracked pages holding {@code address}. */
    private static AccessRange runAround(TrackedPages tracked, long pageSize, long address) {
        long first = tracked.pageOf(address);
        while (tracked.contains(first - pageSize)) {
            first -= pageSize;
        }
        long end = tracked.pageOf(address) + pageSize;
        while (tracked.contains(end)) {
            end += pageSize;
        }
        return new AccessRange(first, end - first);
    }

    /** The tracked pages the kernel may touch, as merged runs: open while the syscall runs. */
    List<AccessRange> pagesToOpen(TrackedPages tracked) {
        List<AccessRange> runs = new ArrayList<>();
        for (Sequence sequence : sequences) {
            for (AccessRange buffer : sequence.buffers()) {
                runs.addAll(tracked.runsTouchedBy(buffer));
            }
        }
        for (Fixed f : fixed) {
            runs.addAll(tracked.runsTouchedBy(f.range()));
        }
        for (Uncertain u : uncertain) {
            runs.add(u.pages());
        }
        return TrackedPages.merge(runs);
    }

    /**
     * The kernel's accesses to tracked memory, given the syscall's result ({@code -errno} on failure),
     * attributed to the {@code syscall} instruction at {@code ip}.
     */
    List<AccessEvent> events(long result, long ip, TrackedPages tracked) {
        List<AccessEvent> events = new ArrayList<>();
        for (Fixed f : fixed) {
            boolean touched = switch (f.use()) {
                case READ -> true;
                case WRITTEN_ON_SUCCESS -> result >= 0;
                case WRITTEN_WHEN_INTERRUPTED -> result == -EINTR;
            };
            if (touched && tracked.overlaps(f.range())) {
                events.add(f.use() == StructUse.READ ? new AccessEvent.Read(f.range(), ip)
                        : new AccessEvent.Write(f.range(), true, ip));
            }
        }
        for (Sequence sequence : sequences) {
            long left = Math.max(result, 0);
            for (AccessRange buffer : sequence.buffers()) {
                AccessRange done = new AccessRange(buffer.addr(), Math.min(left, buffer.size()));
                left -= done.size();
                if (tracked.overlaps(done)) {
                    events.add(sequence.writes() ? new AccessEvent.Write(done, true, ip) : new AccessEvent.Read(done, ip));
                }
            }
        }
        for (Uncertain u : uncertain) {
            events.add(new AccessEvent.Read(u.pages(), ip));
            events.add(new AccessEvent.Write(u.pages(), false, ip));
        }
        return events;
    }

    /** One warning per argument the table could not describe, naming the syscall. */
    List<String> warnings(String where) {
        List<String> warnings = new ArrayList<>(uncertain.size());
        for (Uncertain u : uncertain) {
            String syscall = SyscallTable.name(number);
            warnings.add(syscall + " at " + where + " passed tracked memory 0x" + Long.toHexString(u.pointer())
                    + " in argument " + (u.arg() + 1) + ", which the syscall table does not describe: pages "
                    + u.pages() + " were opened for it and recorded as an uncertain read and write");
        }
        return warnings;
    }
}
