package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AllocationInfo;

import java.util.Iterator;

/**
 * A per-byte {@link ByteMap} as an HTML table laid out like {@code hexdump -C}: 16 bytes a row with a gap
 * after the eighth, the offset in the buffer of the row's first byte on its left, the bytes as text on its
 * right. Each byte's cell has the colour of its state and shows the byte's value after the call where it
 * was captured; its title (shown on hover) gives offset, value, state and the instructions responsible.
 * Rows start at multiples of 16 from the buffer's start, so offset 0 always begins a row.
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
        long base = buffer.range().addr();
        long firstRow = Math.floorDiv(map.shown().addr() - base, BYTES_PER_ROW) * BYTES_PER_ROW;
        long end = map.shown().end() - base;
        out.append("<table class=\"hex-dump\">\n<thead><tr><th></th>");
        for (int column = 0; column < BYTES_PER_ROW; column++) {
            out.append("<th>").append(column).append("</th>");
        }
        out.append("<th></th></tr></thead>\n<tbody>\n");
        Iterator<ByteMap.Run> runs = map.runs().iterator();
        ByteMap.Run run = runs.next();
        String what = CellTitles.what(run, call);
        StringBuilder text = new StringBuilder(BYTES_PER_ROW);
        for (long row = firstRow; row < end; row += BYTES_PER_ROW) {
            out.append("<tr><th>").append(row).append("</th>");
            text.setLength(0);
            for (long offset = row; offset < row + BYTES_PER_ROW; offset++) {
                long address = base + offset;
                if (!map.shown().contains(address)) {
                    out.append("<td></td>");
                    text.append(' ');
                    continue;
                }
                if (address >= run.to()) {
                    while (address >= run.to()) {
                        run = runs.next();
                    }
                    what = CellTitles.what(run, call);
                }
                int value = values != null && offset >= 0 && offset < values.length ? values[(int) offset] & 0xff : -1;
                out.append("<td class=\"b ").append(run.state().cssName()).append("\" title=\"")
                        .append(Html.escape(CellTitles.ofByte(buffer, offset, value, what))).append("\">")
                        .append(value >= 0 ? String.format("%02x", value) : buffer.range().contains(address) ? "··" : "")
                        .append("</td>");
                text.append(value < 0 ? ' ' : value >= 0x20 && value < 0x7f ? (char) value : '.');
            }
            out.append("<td class=\"text\">").append(Html.escape(text.toString())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }
}
