package dev.tracedffi.junit.assertions;

import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;

import java.util.List;

/**
 * {@link TracedFfiAssertions} for tests that bind their library with JNA: the assertions also take JNA
 * pointers. Import statically instead of {@code TracedFfiAssertions}; needs JNA on the class path.
 */
public final class TracedFfiJnaAssertions {

    private TracedFfiJnaAssertions() {
    }

    /** Assertions on {@code events}, buffers looked up in this child's arena as it is now. */
    public static JnaMemEventsAssert assertThat(MemEvents events) {
        return new JnaMemEventsAssert(events);
    }

    /** Assertions on {@code events}, buffers looked up in {@code allocations}. */
    public static JnaMemEventsAssert assertThat(MemEvents events, List<AllocationInfo> allocations) {
        return new JnaMemEventsAssert(events).usingAllocations(allocations);
    }

    /** Assertions on the accesses of {@code call}, buffers as they were when it started. */
    public static JnaMemEventsAssert assertThat(TracedCall<?> call) {
        return assertThat(call.events(), call.allocations());
    }
}
