package dev.tracedffi.junit;

import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;

import java.util.List;
import java.util.Objects;

/**
 * One traced native call of a test: what it returned and every access it made to tracked memory.
 *
 * @param name        the library method's name, or "call" for a lambda
 * @param result      what the call returned (null for a void call)
 * @param events      the accesses, in order
 * @param allocations the arena's buffers when the call started (live and freed), to attribute events
 */
public record TracedCall<T>(String name, T result, MemEvents events, List<AllocationInfo> allocations) {
    public TracedCall {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(events, "events");
        allocations = List.copyOf(allocations);
    }
}
