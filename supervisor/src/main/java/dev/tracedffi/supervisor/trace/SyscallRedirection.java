package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.trace.SyscallAccesses.ArgumentPointer;
import dev.tracedffi.supervisor.trace.SyscallAccesses.Direct;
import dev.tracedffi.supervisor.trace.SyscallAccesses.IoVectorArray;
import dev.tracedffi.supervisor.trace.SyscallAccesses.MessageHeaderPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A syscall on tracked memory made to reach the arena's always read-write view B instead of opening
 * pages: every pointer argument into tracked pages is moved by the alias delta for the duration of the
 * syscall, so no page is opened for anybody else, and a syscall blocked in one thread neither leaves
 * pages open for the others nor has them closed under it. Pointers the kernel follows indirectly
 * (the buffers an iovec array or a msghdr names) are moved in a translated copy of the array or header
 * written into the thread's syscall scratch slot. At the syscall's exit the argument registers are put
 * back (callers may rely on them) and, for recvmsg, the fields the kernel wrote into the copy of the
 * header are copied into the real one.
 */
final class SyscallRedirection {

    /** The argument registers of a syscall, in order: rdi, rsi, rdx, r10, r8, r9. */
    private static final int[] ARGUMENT_REGISTERS = {Registers.RDI, Registers.RSI, Registers.RDX, Registers.R10,
            Registers.R8, Registers.R9};

    /** Bytes to write into the child before the syscall runs. */
    record Write(long address, byte[] bytes) {
    }

    /** The recvmsg header fields the kernel writes back: namelen @8, controllen @40, flags @48. */
    private record CopyBack(long from, long to) {
    }

    private final List<Integer> args = new ArrayList<>();
    private final List<Long> originals = new ArrayList<>();
    private final List<Long> moved = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();
    private final List<CopyBack> copyBacks = new ArrayList<>();

    private SyscallRedirection() {
    }

    /**
     * How to run the syscall against view B, or empty when it cannot be: a buffer only partly inside the
     * tracked pages (view B is only guaranteed behind them), or translated structures that do not fit
     * the scratch slot.
     *
     * @param slot where translated copies may go ({@code slotSize} bytes, the thread's own while the syscall runs)
     */
    static Optional<SyscallRedirection> plan(SyscallAccesses accesses, long[] argValues, TrackedPages tracked, long delta,
                                             long slot, int slotSize) {
        SyscallRedirection plan = new SyscallRedirection();
        long free = slot;
        for (ArgumentPointer pointer : accesses.pointers()) {
            if (pointer instanceof Direct direct) {
                Optional<Long> address = movedAddress(direct.range(), tracked, delta);
                if (address.isEmpty()) {
                    return Optional.empty();
                }
                plan.move(direct.arg(), argValues[direct.arg()], address.get());
            } else if (pointer instanceof IoVectorArray iov) {
                if (!tracked.overlaps(new AccessRange(iov.array(), 16L * iov.buffers().size()))
                        && !anyTracked(iov.buffers(), tracked)) {
                    continue; // nothing of it is tracked: the kernel may follow it as it is
                }
                Optional<byte[]> copy = translatedIoVectors(iov.buffers(), tracked, delta);
                if (copy.isEmpty() || free + copy.get().length > slot + slotSize) {
                    return Optional.empty();
                }
                plan.writes.add(new Write(free, copy.get()));
                plan.move(iov.arg(), argValues[iov.arg()], free);
                free += align(copy.get().length);
            } else if (pointer instanceof MessageHeaderPointer msg) {
                if (!plan.translateMessageHeader(msg, tracked, delta, free, slot + slotSize, argValues)) {
                    return Optional.empty();
                }
                free = slot + slotSize; // the header and its iovecs take the rest of the slot
            }
        }
        return plan.args.isEmpty() ? Optional.empty() : Optional.of(plan);
    }

    private boolean translateMessageHeader(MessageHeaderPointer msg, TrackedPages tracked, long delta, long at,
                                           long end, long[] argValues) {
        boolean involvesTracked = tracked.overlaps(new AccessRange(msg.header(), SyscallAccesses.MSGHDR_SIZE))
                || tracked.overlaps(new AccessRange(msg.iovArray(), 16L * msg.buffers().size()))
                || anyTracked(msg.buffers(), tracked) || tracked.overlaps(msg.name()) || tracked.overlaps(msg.control());
        if (!involvesTracked) {
            return true;
        }
        Optional<byte[]> iovecs = translatedIoVectors(msg.buffers(), tracked, delta);
        Optional<Long> name = msg.name().size() == 0 ? Optional.of(msg.name().addr()) : movedOrSame(msg.name(), tracked, delta);
        Optional<Long> control = msg.control().size() == 0 ? Optional.of(msg.control().addr())
                : movedOrSame(msg.control(), tracked, delta);
        long iovAt = at + align(SyscallAccesses.MSGHDR_SIZE);
        if (iovecs.isEmpty() || name.isEmpty() || control.isEmpty() || iovAt + iovecs.get().length > end) {
            return false;
        }
        ByteBuffer header = ByteBuffer.wrap(msg.headerBytes().clone()).order(ByteOrder.LITTLE_ENDIAN);
        if (msg.name().size() > 0) {
            header.putLong(0, name.get());
        }
        header.putLong(16, iovAt);
        if (msg.control().size() > 0) {
            header.putLong(32, control.get());
        }
        writes.add(new Write(at, header.array()));
        writes.add(new Write(iovAt, iovecs.get()));
        move(msg.arg(), argValues[msg.arg()], at);
        if (msg.receives()) {
            long original = tracked.contains(msg.header()) ? msg.header() + delta : msg.header();
            copyBacks.add(new CopyBack(at, original));
        }
        return true;
    }

    private void move(int arg, long original, long address) {
        args.add(arg);
        originals.add(original);
        moved.add(address);
    }

    /** The view-B address of a range wholly inside tracked pages; empty when only part of it is tracked. */
    private static Optional<Long> movedAddress(AccessRange range, TrackedPages tracked, long delta) {
        if (range.size() == 0 || !tracked.overlaps(range)) {
            return Optional.empty();
        }
        return tracked.covers(range) ? Optional.of(range.addr() + delta) : Optional.empty();
    }

    /** Like {@link #movedAddress}, but a range outside the tracked pages stays where it is. */
    private static Optional<Long> movedOrSame(AccessRange range, TrackedPages tracked, long delta) {
        if (!tracked.overlaps(range)) {
            return Optional.of(range.addr());
        }
        return movedAddress(range, tracked, delta);
    }

    private static Optional<byte[]> translatedIoVectors(List<AccessRange> buffers, TrackedPages tracked, long delta) {
        ByteBuffer copy = ByteBuffer.allocate(16 * buffers.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (AccessRange buffer : buffers) {
            Optional<Long> base = buffer.size() == 0 ? Optional.of(buffer.addr()) : movedOrSame(buffer, tracked, delta);
            if (base.isEmpty()) {
                return Optional.empty();
            }
            copy.putLong(base.get()).putLong(buffer.size());
        }
        return Optional.of(copy.array());
    }

    private static boolean anyTracked(List<AccessRange> buffers, TrackedPages tracked) {
        return buffers.stream().anyMatch(tracked::overlaps);
    }

    private static long align(long n) {
        return (n + 15) & -16;
    }

    /** The translated copies to write into the scratch slot before the syscall runs. */
    List<Write> writes() {
        return writes;
    }

    /** {@code regs} (at the syscall-entry stop) with the moved arguments. */
    Registers apply(Registers regs) {
        Registers out = regs.copy();
        for (int i = 0; i < args.size(); i++) {
            out.setGpr(ARGUMENT_REGISTERS[args.get(i)], moved.get(i));
        }
        return out;
    }

    /** {@code regs} (at the syscall-exit stop) with the arguments the caller passed. */
    Registers restore(Registers regs) {
        Registers out = regs.copy();
        for (int i = 0; i < args.size(); i++) {
            out.setGpr(ARGUMENT_REGISTERS[args.get(i)], originals.get(i));
        }
        return out;
    }

    /**
     * The header fields recvmsg wrote into the copy, to be written into the real header: each as
     * (read from, write to, length).
     */
    List<long[]> copyBacks() {
        List<long[]> out = new ArrayList<>();
        for (CopyBack back : copyBacks) {
            out.add(new long[] {back.from() + 8, back.to() + 8, 4});
            out.add(new long[] {back.from() + 40, back.to() + 40, 12});
        }
        return out;
    }
}
