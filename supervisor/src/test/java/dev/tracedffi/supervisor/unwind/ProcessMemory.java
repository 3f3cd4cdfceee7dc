package dev.tracedffi.supervisor.unwind;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads a traced process through /proc/pid/mem (its tracer may). */
final class ProcessMemory implements MemoryReader, AutoCloseable {

    private final RandomAccessFile mem;

    ProcessMemory(long pid) {
        try {
            mem = new RandomAccessFile("/proc/" + pid + "/mem", "r");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] read(long address, int length) {
        byte[] buffer = new byte[length];
        try {
            mem.seek(address);
            int n = mem.read(buffer);
            return n <= 0 ? new byte[0] : Arrays.copyOf(buffer, n);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() throws IOException {
        mem.close();
    }
}
