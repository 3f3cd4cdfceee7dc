package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.MemEvents;

/**
 * Assertions on the accesses of a traced call, buffers named by jnr-ffi pointers or raw addresses (see
 * {@link AbstractMemEventsAssert}; JNA's pointers: {@link JnaMemEventsAssert}).
 */
public class MemEventsAssert extends AbstractMemEventsAssert<MemEventsAssert> {

    /**
     * Buffers are looked up in the live arena of this tracedffi child (none outside a child): freed and
     * added buffers show as they are now, not as they were during the call. {@link TracedFfiAssertions#assertThat(
     * dev.tracedffi.junit.TracedCall)} uses the buffers as they were when the call started.
     */
    public MemEventsAssert(MemEvents actual) {
        super(actual, MemEventsAssert.class);
    }
}
