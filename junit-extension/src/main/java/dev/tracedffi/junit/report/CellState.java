package dev.tracedffi.junit.report;

import java.util.Locale;

/** What happened to the bytes of one cell of a byte map; the legend lists them in this order. */
enum CellState {
    UNTOUCHED("untouched", "#eeeeee"),
    REDZONE("redzone, untouched", "#bdbdbd"),
    READ("read", "#4e79a7"),
    WRITTEN("written", "#f28e2b"),
    READ_WRITTEN("read and written", "#9c6ade"),
    BENIGN_OVER_READ("benign over-read", "#edc948"),
    OUT_OF_BOUNDS("out of bounds", "#e15759");

    final String label;
    final String colour;

    CellState(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }

    /** A name usable as a CSS class or attribute value: {@code read-written}. */
    String cssName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
