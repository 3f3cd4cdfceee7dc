package dev.tracedffi.junit.assertions;

import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;

import java.util.List;

/**
 * Entry point of the memory access assertions; import statically beside AssertJ's {@code Assertions}.
 * For soft assertions use {@link TracedFfiSoftAssertions}.
 */
public final class TracedFfiAssertions {

    private TracedFfiAssertions() {
    }

    /** Assertions on {@code events}, buffers looked up in this child's arena as it is now. */
    public static MemEventsAssert assertThat(MemEvents events) {
        return new MemEventsAssert(events);
    }

    /** Assertions on {@code events}, buffers looked up in {@code allocations}. */
    public static MemEventsAssert assertThat(MemEvents events, List<AllocationInfo> allocations) {
        return new MemEventsAssert(events).usingAllocations(allocations);
    }

    /** Assertions on the accesses of {@code call}, buffers as they were when it started. */
    public static MemEventsAssert assertThat(TracedCall<?> call) {
        return assertThat(call.events(), call.allocations());
    }
}
