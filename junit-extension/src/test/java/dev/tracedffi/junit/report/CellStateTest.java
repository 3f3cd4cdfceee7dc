package dev.tracedffi.junit.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CellStateTest {

    @Test
    void valuesAreReadableOnEveryStateColour() {
        for (CellState state : CellState.values()) {
            double background = CellState.luminance(state.colour);
            double text = CellState.luminance(state.textColour());
            // WCAG AA for normal text
            assertThat(CellState.contrast(background, text)).as("%s", state).isGreaterThanOrEqualTo(4.5);
        }
        assertThat(CellState.luminance("#ffffff")).isEqualTo(1.0);
        assertThat(CellState.luminance("#000000")).isEqualTo(0.0);
    }
}
