package dev.tracedffi.junit.assertions;

import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import org.assertj.core.api.SoftAssertionsProvider;

import java.util.List;

/**
 * The soft flavour of {@link TracedFfiAssertions}, to mix into a custom soft assertions class (AssertJ's
 * mechanism for soft assertions of custom types).
 */
public interface TracedFfiSoftAssertionsProvider extends SoftAssertionsProvider {

    default MemEventsAssert assertThat(MemEvents events) {
        return proxy(MemEventsAssert.class, MemEvents.class, events);
    }

    default MemEventsAssert assertThat(MemEvents events, List<AllocationInfo> allocations) {
        return assertThat(events).usingAllocations(allocations);
    }

    default MemEventsAssert assertThat(TracedCall<?> call) {
        return assertThat(call.events(), call.allocations());
    }
}
