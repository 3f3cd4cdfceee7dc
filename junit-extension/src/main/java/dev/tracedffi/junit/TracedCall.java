package dev.tracedffi.junit;

import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.StackFrame;

import java.util.List;
import java.util.Objects;

/**
 * One traced native call of a test: what it returned and every access it made to tracked memory.
 * In isolation mode (no tracing available) the call still runs, but {@link #events()} throws
 * {@link TracingUnavailableException}.
 */
public final class TracedCall<T> {

    private final String name;
    private final T result;
    private final MemEvents events;
    private final List<AllocationInfo> allocations;
    private final List<StackFrame> javaFrames;
    private final String unavailableReason;

    private TracedCall(String name, T result, MemEvents events, List<AllocationInfo> allocations,
                       List<StackFrame> javaFrames, String unavailableReason) {
        this.name = Objects.requireNonNull(name, "name");
        this.result = result;
        this.events = events;
        this.allocations = List.copyOf(allocations);
        this.javaFrames = List.copyOf(javaFrames);
        this.unavailableReason = unavailableReason;
    }

    /** A call that was traced: {@code allocations} are the arena's buffers when it started. */
    public static <T> TracedCall<T> traced(String name, T result, MemEvents events, List<AllocationInfo> allocations) {
        return traced(name, result, events, allocations, List.of());
    }

    /** A call that was traced from the code at {@code javaFrames} (innermost first). */
    public static <T> TracedCall<T> traced(String name, T result, MemEvents events, List<AllocationInfo> allocations,
                                           List<StackFrame> javaFrames) {
        return new TracedCall<>(name, result, Objects.requireNonNull(events, "events"), allocations, javaFrames, null);
    }

    /** A call that ran untraced because tracing is unavailable here ({@code reason} says why). */
    public static <T> TracedCall<T> untraced(String name, T result, List<AllocationInfo> allocations, String reason) {
        return new TracedCall<>(name, result, null, allocations, List.of(), Objects.requireNonNull(reason, "reason"));
    }

    /** The Java frames of the test code that made the call, innermost first (tracedffi's own frames left out). */
    public List<StackFrame> javaFrames() {
        return javaFrames;
    }

    /** The library method's name, or "call" for a lambda. */
    public String name() {
        return name;
    }

    /** What the call returned (null for a void call). */
    public T result() {
        return result;
    }

    /** Every access the call made to tracked memory, in order. */
    public MemEvents events() {
        if (events == null) {
            throw new TracingUnavailableException(unavailableReason);
        }
        return events;
    }

    /** Whether the call was traced (false in isolation mode). */
    public boolean isTraced() {
        return events != null;
    }

    /** The arena's buffers (live and freed) when the call started. */
    public List<AllocationInfo> allocations() {
        return allocations;
    }

    @Override
    public String toString() {
        return "TracedCall[" + name + (events == null ? ", untraced" : ", " + events.accEvents().size() + " events") + "]";
    }
}
