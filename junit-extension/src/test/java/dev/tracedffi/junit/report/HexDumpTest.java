package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HexDumpTest {

    private static Element dump(AllocationInfo buffer, List<AllocationInfo> all, Map<Long, byte[]> contents,
                                dev.tracedffi.protocol.AccessEvent... events) {
        CallReport call = new CallReport("f", new MemEvents(List.of(events)), all, List.of(), Map.of(), contents);
        StringBuilder html = new StringBuilder();
        HexDump.render(ByteMap.of(buffer, JudgedCall.of(call)), call, html);
        return Jsoup.parseBodyFragment(html.toString()).selectFirst("table.hex-dump");
    }

    @Test
    void offsetZeroBeginsARowWhenANeighbourLeavesAShortRedzone() {
        AllocationInfo before = new AllocationInfo("before", new AccessRange(Reports.PAGE, 24), false);
        // 40 bytes after `before` ends: only those 40 are shown as its redzone
        AllocationInfo buffer = new AllocationInfo("buf", new AccessRange(Reports.PAGE + 64, 8), false);
        Element table = dump(buffer, List.of(before, buffer), Map.of());
        assertThat(table.select("tbody tr > th")).extracting(Element::text).containsExactly("-48", "-32", "-16", "0", "16",
                "⋮", "64");
        Element first = table.selectFirst("tbody tr");
        // [-48, -40) are not shown: blank cells, not redzone
        assertThat(first.select("td")).hasSize(16 + 1);
        assertThat(first.select("td.b")).hasSize(8);
        assertThat(first.select("td.b").first().attr("title")).isEqualTo("buf[-40]: redzone, untouched");
    }

    @Test
    void showsTheCapturedBytesAsHexAndTextAndMarksTheRestAsUnknown() {
        AllocationInfo buffer = new AllocationInfo("s", new AccessRange(Reports.PAGE + 64, 16), false);
        byte[] captured = {'<', 'b', '>', 0x7f, (byte) 0xff, 0x20}; // fewer bytes than the buffer has
        Element table = dump(buffer, List.of(buffer), Map.of(buffer.range().addr(), captured),
                Reports.read(buffer, 0, 4, 0x10));
        Element row = table.select("tbody tr").stream().filter(r -> r.selectFirst("th").text().equals("0"))
                .findFirst().orElseThrow();
        assertThat(row.select("td.b")).extracting(Element::text).containsExactly("3c", "62", "3e", "7f", "ff", "20",
                "··", "··", "··", "··", "··", "··", "··", "··", "··", "··");
        assertThat(row.selectFirst("td.text").wholeText()).isEqualTo("<b>..           ");
        assertThat(row.select("td.b").get(0).attr("title")).isEqualTo("s[0] = 0x3c: read — READ of size 4 at 0x10");
        assertThat(row.select("td.b").get(6).attr("title")).isEqualTo("s[6]: untouched");
    }

    @Test
    void foldsRowsThatRepeatTheRowAboveLikeHexdump() {
        AllocationInfo page = new AllocationInfo("page", new AccessRange(Reports.PAGE + 64, 4096), false);
        byte[] zeros = new byte[4096];
        zeros[2048] = 1;
        Element table = dump(page, List.of(page), Map.of(page.range().addr(), zeros),
                Reports.write(page, 0, 4096, 0x10, true));
        assertThat(table.select("tbody tr > th")).extracting(Element::text)
                .containsExactly("-64", "⋮", "0", "⋮", "2048", "2064", "⋮", "4096", "⋮");
        assertThat(table.select("tr.repeat td")).extracting(Element::text).containsExactly(
                "page[-48, 0): 3 rows like the one above",
                "page[16, 2048): 127 rows like the one above",
                "page[2080, 4096): 126 rows like the one above",
                "page[4112, 4160): 3 rows like the one above");
    }
}
