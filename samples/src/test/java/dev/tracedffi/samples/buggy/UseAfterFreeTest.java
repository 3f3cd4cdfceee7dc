package dev.tracedffi.samples.buggy;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.junit.assertions.OutOfBoundsAccessError;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * libbuggy keeps a pointer to the caller's counter and bumps it later, even once the caller freed it.
 * {@link NativeMemory#free} never hands the bytes out again and keeps watching them, so the next access
 * is a use after free.
 */
@RequiresLibBuggy
@TracedFfi
class UseAfterFreeTest {

    @Test
    void counterIncrementWritesTheCounterAfterItWasFreed(NativeMemory memory, FfiTracer tracer) {
        // through this proxy every call of a method annotated @Traced (counter_increment) is traced
        Buggy buggy = tracer.traced(Buggy.class, Buggy.load());
        Pointer counter = memory.allocate("counter", Integer.BYTES);
        buggy.counter_attach(counter);

        buggy.counter_increment();

        // while the counter is alive: one read and one write of its 4 bytes, nothing else
        assertThat(lastCall(tracer))
                .readExactly(counter, 0, Integer.BYTES).wroteExactly(counter, 0, Integer.BYTES)
                .hasNoOutOfBoundsAccess();
        assertThat(counter.getInt(0)).isEqualTo(1);

        memory.free(counter);

        // a traced call that used freed memory throws as soon as it returns; a test may catch that error
        assertThatThrownBy(buggy::counter_increment)
                .isInstanceOf(OutOfBoundsAccessError.class)
                .hasMessageContaining("native call `counter_increment` used freed memory")
                .hasMessageContaining("libbuggy.so!counter_increment+0x")
                .hasMessageContaining("`counter`");
        assertThat(lastCall(tracer)).hasOutOfBoundsWrite();
    }

    private static TracedCall<?> lastCall(FfiTracer tracer) {
        List<TracedCall<?>> calls = tracer.calls();
        return calls.get(calls.size() - 1);
    }
}
