package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.junit.assertions.BufferRange;

import java.util.List;

/**
 * A {@link ByteMap} of a large buffer drawn as inline SVG: rows of 64 cells, the buffer-relative offset of each
 * row on its left, one rectangle per run and row whose {@code <title>} (shown on hover) gives the bytes, what
 * happened to them and the instructions responsible. Rows like the one above fold into one line of text.
 */
final class ByteMapSvg {

    static final int CELLS_PER_ROW = 64;
    private static final int CELL = 12;
    private static final int GAP = 1;
    private static final int LABEL_WIDTH = 80;
    private static final int REPEAT_HEIGHT = 18;

    private ByteMapSvg() {
    }

    static void render(ByteMap map, CallReport call, StringBuilder out) {
        MapRows rows = new MapRows(map, CELLS_PER_ROW);
        List<MapRows.Line> lines = rows.lines((a, b) -> true);
        int width = LABEL_WIDTH + CELLS_PER_ROW * CELL;
        int height = 0;
        for (MapRows.Line line : lines) {
            height += line instanceof MapRows.Repeat ? REPEAT_HEIGHT : CELL;
        }
        out.append("<svg class=\"byte-map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" data-bytes-per-cell=\"").append(map.bytesPerCell()).append("\">\n");
        int y = 0;
        for (MapRows.Line line : lines) {
            if (line instanceof MapRows.Row row) {
                row(map, rows, row.row(), y, call, out);
                y += CELL;
            } else if (line instanceof MapRows.Repeat repeat) {
                long from = rows.offsetOf(repeat.firstRow());
                long to = rows.offsetOf(repeat.firstRow() + repeat.rows());
                BufferRange bytes = new BufferRange(map.buffer(), new AccessRange(map.buffer().range().addr() + from, to - from));
                out.append("<text class=\"repeat\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + REPEAT_HEIGHT - 5)
                        .append("\">").append(Html.escape("⋮ " + bytes + ": " + repeat.rows() + " rows like the one above"))
                        .append("</text>\n");
                y += REPEAT_HEIGHT;
            }
        }
        out.append("</svg>\n");
    }

    /** The row's offset, then one rectangle per run of cells in it. */
    private static void row(ByteMap map, MapRows rows, int row, int y, CallReport call, StringBuilder out) {
        out.append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(y + CELL - 2)
                .append("\" text-anchor=\"end\">").append(rows.offsetOf(row)).append("</text>\n");
        int column = 0;
        while (column < CELLS_PER_ROW) {
            int cell = rows.cellAt(row, column);
            if (cell < 0) {
                column++;
                continue;
            }
            ByteMap.Run run = map.runAt(cell);
            int cells = Math.min(run.firstCell() + run.cells() - cell, CELLS_PER_ROW - column);
            out.append("<rect class=\"cell\" data-state=\"").append(run.state().cssName())
                    .append("\" x=\"").append(LABEL_WIDTH + column * CELL)
                    .append("\" y=\"").append(y)
                    .append("\" width=\"").append(cells * CELL - GAP)
                    .append("\" height=\"").append(CELL - GAP)
                    .append("\" fill=\"").append(run.state().colour)
                    .append("\"><title>").append(Html.escape(CellTitles.ofRun(map, run, call))).append("</title></rect>\n");
            column += cells;
        }
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
