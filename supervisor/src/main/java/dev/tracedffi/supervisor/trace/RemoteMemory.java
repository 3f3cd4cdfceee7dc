package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.Syscalls;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads and writes the memory of a child: through process_vm_readv/writev, which honour page
 * protection (so never see a PROT_NONE tracked page), or through /proc/pid/mem, which does not.
 */
public final class RemoteMemory {

    private static final int BUFFER_SIZE = 4096;

    private final Syscalls sys = Syscalls.get();
    private final int pid;
    private final Pointer buffer = Memory.allocateDirect(sys.runtime(), BUFFER_SIZE);

    public RemoteMemory(int pid) {
        this.pid = pid;
    }

    /** Up to {@code length} bytes at {@code address}; fewer when the range runs into unmapped memory. */
    public byte[] read(long address, int length) {
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

    /**
     * Up to {@code length} bytes at {@code address} whatever their protection (a tracked page closed for
     * a call), through /proc/pid/mem; fewer when the range runs into unmapped memory.
     */
    byte[] readAnyProtection(long address, int length) {
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            try {
                while (buffer.hasRemaining() && mem.read(buffer, address + buffer.position()) > 0) {
                    // a read stops at the end of a mapping: go on with the next one
                }
            } catch (IOException e) {
                // EIO: unmapped memory
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the memory of child " + pid, e);
        }
    }
}
