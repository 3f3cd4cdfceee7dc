package dev.tracedffi.junit.report;

/**
 * A {@link ByteMap} drawn as inline SVG: rows of 64 cells, the buffer-relative offset of each row on its
 * left, one rectangle per run and row whose {@code <title>} (shown on hover) gives the bytes, what
 * happened to them and the instructions responsible.
 */
final class ByteMapSvg {

    static final int CELLS_PER_ROW = 64;
    private static final int CELL = 9;
    private static final int GAP = 1;
    private static final int LABEL_WIDTH = 64;

    private ByteMapSvg() {
    }

    static void render(ByteMap map, CallReport call, StringBuilder out) {
        int rows = Math.max(1, (map.cellCount() + CELLS_PER_ROW - 1) / CELLS_PER_ROW);
        int width = LABEL_WIDTH + CELLS_PER_ROW * CELL;
        int height = rows * CELL;
        out.append("<svg class=\"byte-map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" data-bytes-per-cell=\"").append(map.bytesPerCell()).append("\">\n");
        long rowBytes = CELLS_PER_ROW * map.bytesPerCell();
        long firstOffset = map.shown().addr() - map.buffer().range().addr();
        for (int row = 0; row < rows; row++) {
            out.append("<text x=\"").append(LABEL_WIDTH - 4).append("\" y=\"").append(row * CELL + CELL - 1)
                    .append("\" text-anchor=\"end\">").append(firstOffset + row * rowBytes).append("</text>\n");
        }
        for (ByteMap.Run run : map.runs()) {
            String title = Html.escape(CellTitles.ofRun(map, run, call));
            int cell = run.firstCell();
            int end = run.firstCell() + run.cells();
            while (cell < end) {
                int row = cell / CELLS_PER_ROW;
                int column = cell % CELLS_PER_ROW;
                int cells = Math.min(end - cell, CELLS_PER_ROW - column);
                out.append("<rect class=\"cell\" data-state=\"").append(run.state().cssName())
                        .append("\" x=\"").append(LABEL_WIDTH + column * CELL)
                        .append("\" y=\"").append(row * CELL)
                        .append("\" width=\"").append(cells * CELL - GAP)
                        .append("\" height=\"").append(CELL - GAP)
                        .append("\" fill=\"").append(run.state().colour)
                        .append("\"><title>").append(title).append("</title></rect>\n");
                cell += cells;
            }
        }
        out.append("</svg>\n");
    }

    /** The legend: one swatch per state, in the colours of the maps. */
    static void legend(StringBuilder out) {
        out.append("<ul class=\"legend\">\n");
        for (CellState state : CellState.values()) {
            out.append("<li data-state=\"").append(state.cssName()).append("\"><svg width=\"12\" height=\"12\">")
                    .append("<rect width=\"12\" height=\"12\" fill=\"").append(state.colour).append("\"/></svg>")
                    .append(Html.escape(state.label)).append("</li>\n");
        }
        out.append("</ul>\n");
    }
}
