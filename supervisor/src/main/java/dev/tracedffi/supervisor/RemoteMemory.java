package dev.tracedffi.supervisor;

import dev.tracedffi.supervisor.linux.Syscalls;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** Reads and writes the memory of a traced child through process_vm_readv/writev. */
final class RemoteMemory {

    private static final int BUFFER_SIZE = 4096;

    private final Syscalls sys = Syscalls.get();
    private final int pid;
    private final Pointer buffer = Memory.allocateDirect(sys.runtime(), BUFFER_SIZE);

    RemoteMemory(int pid) {
        this.pid = pid;
    }

    /** Up to {@code length} bytes at {@code address}; fewer when the range runs into unmapped memory. */
    byte[] read(long address, int length) {
        int wanted = Math.min(length, BUFFER_SIZE);
        // process_vm_readv stops at the first unreadable page; read up to the page end first
        long toPageEnd = ((address | (BUFFER_SIZE - 1)) + 1) - address;
        int n = (int) sys.readRemote(pid, address, buffer, Math.min(wanted, toPageEnd));
        if (n == Math.min(wanted, toPageEnd) && n < wanted) {
            n += (int) sys.readRemote(pid, address + n, buffer.slice(n), wanted - n);
        }
        byte[] bytes = new byte[n];
        buffer.get(0, bytes, 0, n);
        return bytes;
    }

    void write(long address, byte[] bytes) {
        if (bytes.length > BUFFER_SIZE) {
            throw new IllegalArgumentException("at most " + BUFFER_SIZE + " bytes at a time");
        }
        buffer.put(0, bytes, 0, bytes.length);
        long n = sys.writeRemote(pid, address, buffer, bytes.length);
        if (n != bytes.length) {
            throw new IllegalStateException("wrote " + n + " of " + bytes.length + " bytes at 0x" + Long.toHexString(address));
        }
    }
}
