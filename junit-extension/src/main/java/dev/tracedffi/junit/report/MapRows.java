package dev.tracedffi.junit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link ByteMap} is laid out in rows of a fixed number of cells: blank positions first, so that the
 * cell where the buffer starts begins a row, and rows that repeat the row drawn above them folded into one
 * line, as {@code hexdump -C} prints {@code *} (a 1 MiB memset is a few lines, not 256 identical ones).
 */
final class MapRows {

    /** Whether two cells look the same: same state and instructions, and whatever else the drawing shows. */
    interface CellsAlike {
        boolean test(int cellA, int cellB);
    }

    /** A line of the drawing. */
    sealed interface Line permits Row, Repeat {
    }

    /** Row {@code row}, drawn. */
    record Row(int row) implements Line {
    }

    /** Rows {@code [firstRow, firstRow + rows)}, each like the row drawn above them, folded. */
    record Repeat(int firstRow, int rows) implements Line {
    }

    private final ByteMap map;
    private final int cellsPerRow;
    /** Blank positions before cell 0. */
    private final int lead;

    MapRows(ByteMap map, int cellsPerRow) {
        this.map = map;
        this.cellsPerRow = cellsPerRow;
        long cellsBeforeBuffer = (map.buffer().range().addr() - map.shown().addr()) / map.bytesPerCell();
        this.lead = (int) Math.floorMod(-cellsBeforeBuffer, (long) cellsPerRow);
    }

    int rowCount() {
        return (lead + map.cellCount() + cellsPerRow - 1) / cellsPerRow;
    }

    /** The cell at {@code column} of {@code row}, or -1 where the row has none. */
    int cellAt(int row, int column) {
        int cell = row * cellsPerRow + column - lead;
        return cell >= 0 && cell < map.cellCount() ? cell : -1;
    }

    /** The offset in the buffer of the first byte {@code row} would hold at its first position. */
    long offsetOf(int row) {
        long firstOffset = map.shown().addr() - map.buffer().range().addr();
        return firstOffset + ((long) row * cellsPerRow - lead) * map.bytesPerCell();
    }

    /** The lines to draw: every row, except that two or more rows like the row drawn above them fold into one. */
    List<Line> lines(CellsAlike alike) {
        List<Line> lines = new ArrayList<>();
        int rows = rowCount();
        int row = 0;
        while (row < rows) {
            lines.add(new Row(row));
            int next = row + 1;
            while (next < rows && sameRow(row, next, alike)) {
                next++;
            }
            int repeated = next - row - 1;
            if (repeated >= 2) {
                lines.add(new Repeat(row + 1, repeated));
                row = next;
            } else {
                row++;
            }
        }
        return lines;
    }

    private boolean sameRow(int a, int b, CellsAlike alike) {
        for (int column = 0; column < cellsPerRow; column++) {
            int cellA = cellAt(a, column);
            int cellB = cellAt(b, column);
            if (cellA < 0 || cellB < 0 ? cellA != cellB
                    : !ByteMap.looksAlike(map.runAt(cellA), map.runAt(cellB)) || !alike.test(cellA, cellB)) {
                return false;
            }
        }
        return true;
    }
}
