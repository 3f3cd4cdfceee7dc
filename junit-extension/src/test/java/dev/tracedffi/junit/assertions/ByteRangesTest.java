package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tracedffi.junit.assertions.ByteRanges.span;
import static org.assertj.core.api.Assertions.assertThat;

class ByteRangesTest {

    @Test
    void mergesOverlappingAndAdjacentRangesAndDropsEmptyOnes() {
        assertThat(ByteRanges.of(List.of(span(20, 30), span(0, 10), span(10, 12), span(25, 40), span(50, 50))).ranges())
                .containsExactly(span(0, 12), span(20, 40));
    }

    @Test
    void minusCutsHoles() {
        ByteRanges a = ByteRanges.of(List.of(span(0, 100), span(200, 300)));
        ByteRanges b = ByteRanges.of(List.of(span(10, 20), span(90, 210), span(250, 260), span(400, 500)));
        assertThat(a.minus(b).ranges()).containsExactly(span(0, 10), span(20, 90), span(210, 250), span(260, 300));
        assertThat(a.minus(a).isEmpty()).isTrue();
        assertThat(ByteRanges.EMPTY.minus(a)).isEqualTo(ByteRanges.EMPTY);
        assertThat(a.minus(ByteRanges.EMPTY)).isEqualTo(a);
    }

    @Test
    void withinClips() {
        ByteRanges a = ByteRanges.of(List.of(span(0, 100), span(200, 300)));
        assertThat(a.within(new AccessRange(50, 200)).ranges()).containsExactly(span(50, 100), span(200, 250));
        assertThat(a.within(new AccessRange(100, 100)).isEmpty()).isTrue();
    }
}
