package dev.tracedffi.junit;

import dev.tracedffi.child.TracedArena;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link NativeMemory} over the child's tracked arena. */
final class ArenaNativeMemory implements NativeMemory {

    private final TracedArena arena;
    private final Runtime runtime = Runtime.getSystemRuntime();
    private final AtomicInteger unnamed = new AtomicInteger();

    ArenaNativeMemory(TracedArena arena) {
        this.arena = arena;
    }

    @Override
    public Pointer allocate(long size) {
        return allocate("buffer" + unnamed.incrementAndGet(), size);
    }

    @Override
    public synchronized Pointer allocate(String label, long size) {
        TracedArena.Allocation allocation = arena.allocate(label, size, CallerFrames.allocationSite());
        return Pointer.wrap(runtime, allocation.start(), size);
    }

    @Override
    public Pointer allocateString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        Pointer p = allocate("string" + unnamed.incrementAndGet(), utf8.length + 1L);
        p.put(0, utf8, 0, utf8.length);
        return p;
    }

    @Override
    public synchronized void free(long address) {
        arena.free(address);
    }
}
