package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.trace.SyscallTable.Buffer;
import dev.tracedffi.supervisor.trace.SyscallTable.CString;
import dev.tracedffi.supervisor.trace.SyscallTable.IoVectors;
import dev.tracedffi.supervisor.trace.SyscallTable.MessageHeader;
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

    /** How the kernel reaches memory through one argument, so that the argument can be moved into view B. */
    sealed interface ArgumentPointer {
        int arg();
    }

    /** The argument points at {@code range} (a buffer, a struct, a string, or an undescribed run of pages). */
    record Direct(int arg, AccessRange range) implements ArgumentPointer {
    }

    /** The argument points at an iovec array naming {@code buffers}. */
    record IoVectorArray(int arg, long array, List<AccessRange> buffers) implements ArgumentPointer {
    }

    /**
     * The argument points at a msghdr ({@code header}, its 56 bytes as read at entry), whose iovec array
     * names {@code buffers}, with its address and control buffers.
     */
    record MessageHeaderPointer(int arg, long header, byte[] headerBytes, long iovArray, List<AccessRange> buffers,
                                AccessRange name, AccessRange control, boolean receives) implements ArgumentPointer {
    }

    static final int MSGHDR_SIZE = 56;

    private final long number;
    private final List<ArgumentPointer> pointers = new ArrayList<>();
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
                Uncertain u = new Uncertain(i, args[i], runAround(tracked, pageSize, args[i]));
                accesses.uncertain.add(u);
                accesses.pointers.add(new Direct(i, new AccessRange(u.pointer(), u.pages().end() - u.pointer())));
            }
        }
        return accesses;
    }

    private void add(PointerArg pointer, long[] args, ChildMemory memory) {
        int arg = pointer.pointer();
        long address = args[arg];
        if (pointer instanceof Buffer buffer) {
            AccessRange range = range(address, args[buffer.length()]);
            sequences.add(new Sequence(List.of(range), buffer.writes()));
            pointers.add(new Direct(arg, range));
        } else if (pointer instanceof Struct struct) {
            AccessRange range = range(address, struct.size());
            fixed.add(new Fixed(range, struct.use()));
            pointers.add(new Direct(arg, range));
        } else if (pointer instanceof CString) {
            AccessRange range = range(address, stringSize(address, memory));
            fixed.add(new Fixed(range, StructUse.READ));
            pointers.add(new Direct(arg, range));
        } else if (pointer instanceof IoVectors iov) {
            int requested = (int) args[iov.count()]; // an int in the kernel; out of range means EINVAL
            List<AccessRange> buffers = ioVectors(address, requested, memory);
            sequences.add(new Sequence(buffers, iov.writes()));
            pointers.add(new IoVectorArray(arg, address, buffers));
        } else if (pointer instanceof MessageHeader msg) {
            addMessageHeader(arg, address, msg.receives(), memory);
        }
    }

    /** Reads the iovec array at {@code address}; the array itself is a read of the kernel's. */
    private List<AccessRange> ioVectors(long address, long requested, ChildMemory memory) {
        int count = requested < 0 ? 0 : (int) Math.min(requested, IOV_MAX);
        fixed.add(new Fixed(range(address, 16L * count), StructUse.READ));
        ByteBuffer array = ByteBuffer.wrap(memory.read(address, 16 * count)).order(ByteOrder.LITTLE_ENDIAN);
        List<AccessRange> buffers = new ArrayList<>(count);
        while (array.remaining() >= 16) {
            buffers.add(range(array.getLong(), array.getLong()));
        }
        return buffers;
    }

    /**
     * struct msghdr: msg_name @0, msg_namelen @8 (int), msg_iov @16, msg_iovlen @24, msg_control @32,
     * msg_controllen @40, msg_flags @48 (int).
     */
    private void addMessageHeader(int arg, long header, boolean receives, ChildMemory memory) {
        byte[] bytes = memory.read(header, MSGHDR_SIZE);
        if (bytes.length < MSGHDR_SIZE) {
            return; // unreadable: the kernel fails with EFAULT before touching anything
        }
        ByteBuffer hdr = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long name = hdr.getLong(0);
        AccessRange nameRange = name == 0 ? range(0, 0) : range(name, Integer.toUnsignedLong(hdr.getInt(8)));
        long iov = hdr.getLong(16);
        long control = hdr.getLong(32);
        AccessRange controlRange = control == 0 ? range(0, 0) : range(control, hdr.getLong(40));
        fixed.add(new Fixed(range(header, MSGHDR_SIZE), StructUse.READ));
        List<AccessRange> buffers = ioVectors(iov, hdr.getLong(24), memory);
        sequences.add(new Sequence(buffers, receives));
        StructUse named = receives ? StructUse.MAY_BE_WRITTEN_ON_SUCCESS : StructUse.READ;
        if (nameRange.size() > 0) {
            fixed.add(new Fixed(nameRange, named));
        }
        if (controlRange.size() > 0) {
            fixed.add(new Fixed(controlRange, named));
        }
        if (receives) {
            // the lengths and the flags the kernel writes back into the header
            if (name != 0) {
                fixed.add(new Fixed(range(header + 8, 4), StructUse.WRITTEN_ON_SUCCESS));
            }
            if (control != 0) {
                fixed.add(new Fixed(range(header + 40, 8), StructUse.WRITTEN_ON_SUCCESS));
            }
            fixed.add(new Fixed(range(header + 48, 4), StructUse.WRITTEN_ON_SUCCESS));
        }
        pointers.add(new MessageHeaderPointer(arg, header, bytes, iov, buffers, nameRange, controlRange, receives));
    }

    /** How each argument that points at memory is followed, for moving them into view B. */
    List<ArgumentPointer> pointers() {
        return pointers;
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
     * attributed to thread {@code tid}'s {@code syscall} instruction at {@code ip}.
     */
    List<AccessEvent> events(long result, long ip, int tid, TrackedPages tracked) {
        List<AccessEvent> events = new ArrayList<>();
        for (Fixed f : fixed) {
            boolean touched = switch (f.use()) {
                case READ -> true;
                case WRITTEN_ON_SUCCESS, MAY_BE_WRITTEN_ON_SUCCESS -> result >= 0;
                case WRITTEN_WHEN_INTERRUPTED -> result == -EINTR;
            };
            if (touched && tracked.overlaps(f.range())) {
                events.add(f.use() == StructUse.READ ? new AccessEvent.Read(f.range(), ip, tid)
                        : new AccessEvent.Write(f.range(), f.use() != StructUse.MAY_BE_WRITTEN_ON_SUCCESS, ip, tid));
            }
        }
        for (Sequence sequence : sequences) {
            long left = Math.max(result, 0);
            for (AccessRange buffer : sequence.buffers()) {
                AccessRange done = new AccessRange(buffer.addr(), Math.min(left, buffer.size()));
                left -= done.size();
                if (tracked.overlaps(done)) {
                    events.add(sequence.writes() ? new AccessEvent.Write(done, true, ip, tid) : new AccessEvent.Read(done, ip, tid));
                }
            }
        }
        for (Uncertain u : uncertain) {
            events.add(new AccessEvent.Read(u.pages(), ip, tid));
            events.add(new AccessEvent.Write(u.pages(), false, ip, tid));
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
