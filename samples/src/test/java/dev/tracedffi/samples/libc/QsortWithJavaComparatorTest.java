package dev.tracedffi.samples.libc;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * qsort calling back into Java inside a traced call. The comparator reads the array too, but accesses
 * made by JVM code are not the native call's events: the events are qsort's own.
 */
@TracedFfi
class QsortWithJavaComparatorTest {

    private static final int[] UNSORTED = {42, -7, 1000, 0, 13, -7, 99, 5};

    /**
     * qsort(3): "The contents of the array are sorted in ascending order according to a comparison function
     * pointed to by compar, which is called with two arguments that point to the objects being compared."
     */
    @Test
    void qsortSortsWithAJavaComparatorAndTouchesOnlyTheArray(NativeMemory memory, FfiTracer tracer) {
        Pointer array = memory.allocate("array", UNSORTED.length * 4L);
        array.put(0, UNSORTED, 0, UNSORTED.length);
        AtomicInteger comparisons = new AtomicInteger();
        Libc.CompareFunction byValue = (a, b) -> {
            comparisons.incrementAndGet();
            return Integer.compare(a.getInt(0), b.getInt(0));
        };

        TracedCall<Void> call = tracer.trace("qsort", () -> {
            Libc.INSTANCE.qsort(array, UNSORTED.length, 4, byValue);
            return null;
        });

        assertThat(comparisons).hasPositiveValue();
        int[] sorted = new int[UNSORTED.length];
        array.get(0, sorted, 0, sorted.length);
        assertThat(sorted).containsExactly(-7, -7, 0, 5, 13, 42, 99, 1000);
        // qsort moved the elements itself (those are the events); it touched nothing but the array
        assertThat(call).touchedOnly(array).events().isNotEmpty();
    }
}
