package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ByteMapTest {

    private static final long MIB = 1 << 20;
    private static final AllocationInfo BIG = new AllocationInfo("big", new AccessRange(Reports.PAGE + 64, MIB), false);

    /** What glibc's AVX2 memset does to 1 MiB: 32 Ki stores of 32 bytes; then one byte written past the end. */
    private static CallReport memsetWithOverflow() {
        List<AccessEvent> events = new ArrayList<>();
        for (long offset = 0; offset < MIB; offset += 32) {
            events.add(Reports.write(BIG, offset, offset + 32, 0x100, true));
        }
        events.add(Reports.write(BIG, MIB, MIB + 1, 0x200, true));
        return new CallReport("memset", new MemEvents(events), List.of(BIG), List.of(), Map.of(0x100L, "libc.so.6!memset"));
    }

    @Test
    void largeBuffersAreDrawnPerCacheLine() {
        CallReport call = memsetWithOverflow();
        ByteMap map = ByteMap.of(BIG, JudgedCall.of(call));
        assertThat(map.bytesPerCell()).isEqualTo(64);
        assertThat(map.cellCount()).isEqualTo((int) ((MIB + 128) / 64));
        assertThat(map.runs()).extracting(r -> r.cells() + " " + r.state())
                .containsExactly("1 REDZONE", "16384 WRITTEN", "1 OUT_OF_BOUNDS");
    }

    @Test
    void aOneMebibyteBufferIsDrawnWithAFewHundredShapes(@TempDir Path dir) throws IOException {
        Path html = new ReportWriter(dir).write(Reports.test("C", "memset()", TestStatus.FAILED, null,
                memsetWithOverflow())).html();
        // the map and the first 1000 of 32 Ki accesses, not a shape or a row per byte
        assertThat(Files.size(html)).isLessThan(400_000);

        Document page = Jsoup.parse(html.toFile(), "UTF-8");
        Element figure = page.selectFirst("figure.buffer");
        assertThat(figure.select("figcaption").text()).endsWith(", 64 bytes per cell");
        // one rectangle per row of the run of written lines: 16384 lines / 64 per row, plus the two redzone cells
        assertThat(figure.select("rect.cell")).hasSize(256 + 1 + 2);
        assertThat(figure.select("rect.cell[data-state=written] title").first().text())
                .isEqualTo("big[0, 1048576): written — WRITE of size 32 at libc.so.6!memset");
        assertThat(page.select("table.events tr:has(td)")).hasSize(TestReportHtml.TABLE_ROWS);
        assertThat(page.select("p.truncated").text()).isEqualTo("and 31769 more accesses (all are in the JSON)");
    }

    @Test
    void buffersOfUpToAPageAreDrawnPerByte() {
        for (long size : new long[] {1, 16, 4095, 4096}) {
            AllocationInfo buffer = new AllocationInfo("b", new AccessRange(Reports.PAGE + 64, size), false);
            ByteMap map = ByteMap.of(buffer, JudgedCall.of(new CallReport("none", new MemEvents(List.of()),
                    List.of(buffer), List.of(), Map.of())));
            assertThat(map.bytesPerCell()).as("%d bytes", size).isEqualTo(1);
            assertThat(map.cellCount()).isEqualTo((int) (size + 128));
        }
        AllocationInfo larger = new AllocationInfo("b", new AccessRange(Reports.PAGE + 64, 4097), false);
        assertThat(ByteMap.of(larger, JudgedCall.of(new CallReport("none", new MemEvents(List.of()), List.of(larger),
                List.of(), Map.of()))).bytesPerCell()).isEqualTo(64);
    }

    @Test
    void hugeBuffersUseLargerCellsToStayDrawable() {
        AllocationInfo huge = new AllocationInfo("huge", new AccessRange(Reports.PAGE, 64 * MIB), false);
        ByteMap map = ByteMap.of(huge, JudgedCall.of(new CallReport("none", new MemEvents(List.of()), List.of(huge),
                List.of(), Map.of())));
        assertThat(map.bytesPerCell()).isEqualTo(4096);
        assertThat(map.cellCount()).isLessThanOrEqualTo((int) ByteMap.MAX_CELLS);
        assertThat(map.runs()).extracting(ByteMap.Run::state)
                .containsExactly(CellState.UNTOUCHED);
    }
}
