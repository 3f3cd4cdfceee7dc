package dev.tracedffi.child;

import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.ChildContract;

/**
 * Two pages of the child the supervisor may use during a traced call: an executable page that starts
 * with a {@code syscall; int3} gadget (the rest is room for trampolines), and a scratch stack page.
 */
public final class ScratchPages {

    private final long gadget;
    private final long stack;

    public ScratchPages() {
        Syscalls sys = Syscalls.get();
        long page = sys.pageSize();
        int flags = Syscalls.MAP_PRIVATE | Syscalls.MAP_ANONYMOUS;
        gadget = sys.mmap(0, page, Syscalls.PROT_READ | Syscalls.PROT_WRITE | Syscalls.PROT_EXEC, flags, -1, 0);
        byte[] code = ChildContract.SYSCALL_GADGET;
        jnr.ffi.Pointer.wrap(sys.runtime(), gadget).put(0, code, 0, code.length);
        stack = sys.mmap(0, page, Syscalls.PROT_READ | Syscalls.PROT_WRITE, flags, -1, 0);
    }

    public long gadget() {
        return gadget;
    }

    public long stack() {
        return stack;
    }
}
