package dev.tracedffi.junit.report;

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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ByteMapTest {

    private static final AllocationInfo BIG = Reports.BIG;

    private static CallReport memsetWithOverflow() {
        return Reports.memsetWithOverflow();
    }

    @Test
    void largeBuffersAreDrawnPerCacheLine() {
        CallReport call = memsetWithOverflow();
        ByteMap map = ByteMap.of(BIG, JudgedCall.of(call));
        assertThat(map.bytesPerCell()).isEqualTo(64);
        assertThat(map.cellCount()).isEqualTo((int) ((Reports.MIB + 128) / 64));
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
        // the redzone cell before offset 0 ends the first row; 255 of the 256 rows of written lines fold into one
        assertThat(figure.select("rect.cell")).extracting(r -> r.attr("data-state") + " " + r.attr("width")
                        + " " + r.selectFirst("title").text())
                .containsExactly("redzone 11 big[-64, 0): redzone, untouched",
                        "written 767 big[0, 1048576): written — WRITE of size 32 at libc.so.6!memset",
                        "out-of-bounds 11 big[1048576, 1048640): out of bounds — WRITE of size 1 at 0x200");
        assertThat(figure.select("svg text:not(.repeat)")).extracting(Element::text)
                .containsExactly("-4096", "0", "1048576");
        assertThat(figure.select("svg text.repeat").text())
                .isEqualTo("⋮ big[4096, 1048576): 255 rows like the one above");
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
        AllocationInfo huge = new AllocationInfo("huge", new AccessRange(Reports.PAGE, 64 * Reports.MIB), false);
        ByteMap map = ByteMap.of(huge, JudgedCall.of(new CallReport("none", new MemEvents(List.of()), List.of(huge),
                List.of(), Map.of())));
        assertThat(map.bytesPerCell()).isEqualTo(4096);
        assertThat(map.cellCount()).isLessThanOrEqualTo((int) ByteMap.MAX_CELLS);
        assertThat(map.runs()).extracting(ByteMap.Run::state)
                .containsExactly(CellState.UNTOUCHED);
    }
}
