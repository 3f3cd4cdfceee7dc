package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tracedffi.junit.assertions.ByteRanges.span;
import static org.assertj.core.api.Assertions.assertThat;

class AllocationsTest {

    private static final AllocationInfo A = new AllocationInfo("a", new AccessRange(1000, 16), false);
    /** The gap [1016, 1080) splits evenly: 32 bytes right of a, 32 bytes left of b. */
    private static final AllocationInfo B = new AllocationInfo("b", new AccessRange(1080, 8), true);
    /** The gap [1088, 1153) is odd: the middle byte is as far from both and goes to b. */
    private static final AllocationInfo C = new AllocationInfo("c", new AccessRange(1153, 0), false);

    private final Allocations allocations = new Allocations(List.of(C, A, B));

    @Test
    void cellsSplitGapsBetweenNeighboursTiesGoingLeft() {
        assertThat(allocations.cellOf(A)).isEqualTo(span(0, 1048));
        assertThat(allocations.cellOf(B)).isEqualTo(span(1048, 1121));
        assertThat(allocations.cellOf(C)).isEqualTo(span(1121, Long.MAX_VALUE));
        assertThat(allocations.nearest(1120)).contains(B);
        assertThat(allocations.nearest(1121)).contains(C);
    }

    @Test
    void findsTheBufferHoldingAnAddressZeroSizedOnesByTheirStart() {
        assertThat(allocations.containing(1015)).contains(A);
        assertThat(allocations.containing(1016)).isEmpty();
        assertThat(allocations.containing(1153)).contains(C);
        assertThat(allocations.containing(999)).isEmpty();
        assertThat(allocations.all()).containsExactly(A, B, C);
    }

    @Test
    void attributesBytesToTheirNearestBuffer() {
        assertThat(allocations.attribute(ByteRanges.of(span(1010, 1090))).stream().map(Object::toString))
                .containsExactly("a[10, 48)", "b[-32, 10)");
        assertThat(allocations.overlapping(span(1010, 1090))).containsExactly(A, B);
    }

    @Test
    void surroundingsStopAtNeighbours() {
        assertThat(allocations.surroundings(A, 64)).isEqualTo(span(936, 1080));
        assertThat(allocations.surroundings(B, 64)).isEqualTo(span(1016, 1152));
    }
}
