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

    /** Black or white, whichever contrasts more with {@link #colour} (WCAG 2 contrast ratio). */
    String textColour() {
        return contrast(luminance(colour), 0) >= contrast(luminance(colour), 1) ? "#000000" : "#ffffff";
    }

    /** WCAG 2 contrast ratio of two relative luminances. */
    static double contrast(double a, double b) {
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    /** WCAG 2 relative luminance of {@code #rrggbb}. */
    static double luminance(String rgb) {
        double[] linear = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(rgb.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            linear[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    }
}
