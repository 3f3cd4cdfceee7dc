package dev.tracedffi.junit.report;

import dev.tracedffi.junit.assertions.BufferRange;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

/**
 * A per-byte {@link ByteMap} as an HTML table laid out like {@code hexdump -C}: 16 bytes a row with a gap
 * after the eighth, the offset in the buffer of the row's first byte on its left, the bytes as text on its
 * right. Each byte's cell has the colour of its state and shows the byte's value after the call where it
 * was captured; its title (shown on hover) gives offset, value, state and the instructions responsible.
 * Offset 0 always begins a row; rows like the one above (state, instructions and values) fold into one line.
 */
final class HexDump {

    static final int BYTES_PER_ROW = 16;

    private HexDump() {
    }

    static void render(ByteMap map, CallReport call, StringBuilder out) {
        if (map.bytesPerCell() != 1) {
            throw new IllegalArgumentException("a hex dump shows single bytes, not cells of " + map.bytesPerCell());
        }
        AllocationInfo buffer = map.buffer();
        byte[] values = call.contentsAfter(buffer).orElse(null);
        long cellZeroOffset = map.shown().addr() - buffer.range().addr();
        MapRows rows = new MapRows(map, BYTES_PER_ROW);
        out.append("<table class=\"hex-dump\">\n<thead><tr><th></th>");
        for (int column = 0; column < BYTES_PER_ROW; column++) {
            out.append("<th>").append(column).append("</th>");
        }
        out.append("<th></th></tr></thead>\n<tbody>\n");
        MapRows.CellsAlike sameValue = (a, b) -> value(values, cellZeroOffset + a) == value(values, cellZeroOffset + b);
        StringBuilder text = new StringBuilder(BYTES_PER_ROW);
        for (MapRows.Line line : rows.lines(sameValue)) {
            if (line instanceof MapRows.Repeat repeat) {
                long from = rows.offsetOf(repeat.firstRow());
                long to = rows.offsetOf(repeat.firstRow() + repeat.rows());
                BufferRange bytes = new BufferRange(buffer, new AccessRange(buffer.range().addr() + from, to - from));
                out.append("<tr class=\"repeat\"><th>⋮</th><td colspan=\"").append(BYTES_PER_ROW + 1).append("\">")
                        .append(Html.escape(bytes + ": " + repeat.rows() + " rows like the one above")).append("</td></tr>\n");
                continue;
            }
            int row = ((MapRows.Row) line).row();
            out.append("<tr><th>").append(rows.offsetOf(row)).append("</th>");
            text.setLength(0);
            for (int column = 0; column < BYTES_PER_ROW; column++) {
                int cell = rows.cellAt(row, column);
                if (cell < 0) {
                    out.append("<td></td>");
                    text.append(' ');
                    continue;
                }
                long offset = cellZeroOffset + cell;
                ByteMap.Run run = map.runAt(cell);
                int value = value(values, offset);
                out.append("<td class=\"b ").append(run.state().cssName()).append("\" title=\"")
                        .append(Html.escape(CellTitles.ofByte(buffer, offset, value, CellTitles.what(run, call))))
                        .append("\">")
                        .append(value >= 0 ? String.format("%02x", value) : unknownText(values, offset, buffer))
                        .append("</td>");
                text.append(value < 0 ? ' ' : value >= 0x20 && value < 0x7f ? (char) value : '.');
            }
            out.append("<td class=\"text\">").append(Html.escape(text.toString())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    /** {@code ··} for a byte of the buffer beyond what was captured of it; nothing where none was or outside it. */
    private static String unknownText(byte[] values, long offset, AllocationInfo buffer) {
        return values != null && offset >= 0 && offset < buffer.range().size() ? "··" : "";
    }

    /** The byte at {@code offset} after the call, or -1 when not captured. */
    private static int value(byte[] values, long offset) {
        return values != null && offset >= 0 && offset < values.length ? values[(int) offset] & 0xff : -1;
    }
}
