package dev.tracedffi.child;

import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.ChildContract;

/**
 * The child's scratch area, which the supervisor writes code and data into during traced calls:
 * private, anonymous, executable, {@link ChildContract#SCRATCH_BYTES} long, starting with the
 * {@code syscall; int3} gadget (the layout is {@link ChildContract}'s). The child never touches it after
 * writing the gadget.
 */
public final class ScratchArea {

    private final long start;

    public ScratchArea() {
        Syscalls sys = Syscalls.get();
        start = sys.mmap(0, ChildContract.SCRATCH_BYTES, Syscalls.PROT_READ | Syscalls.PROT_WRITE | Syscalls.PROT_EXEC,
                Syscalls.MAP_PRIVATE | Syscalls.MAP_ANONYMOUS, -1, 0);
        byte[] code = ChildContract.SYSCALL_GADGET;
        jnr.ffi.Pointer.wrap(sys.runtime(), start).put(0, code, 0, code.length);
    }

    public long start() {
        return start;
    }
}
