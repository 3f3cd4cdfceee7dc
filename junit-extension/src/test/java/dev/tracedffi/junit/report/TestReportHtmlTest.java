package dev.tracedffi.junit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.tracedffi.junit.report.Reports.CALL;
import static org.assertj.core.api.Assertions.assertThat;

class TestReportHtmlTest {

    @TempDir
    Path dir;

    private Document written(TestReport report) throws IOException {
        return Jsoup.parse(new ReportWriter(dir).write(report).html().toFile(), "UTF-8");
    }

    @Test
    void showsTheOutcomeAndTheFailureReport() throws IOException {
        String crash = "SIGSEGV at 0x0 in <libbuggy.so!crash+0x4>\n  rax=0 & more";
        Document page = written(Reports.test("com.example.FillTest", "crash()", TestStatus.CRASHED, crash, CALL));
        assertThat(page.select("h1").text()).isEqualTo("crash()");
        assertThat(page.select("p.test-class").text()).isEqualTo("com.example.FillTest");
        assertThat(page.select("p.status").hasClass("status-crashed")).isTrue();
        assertThat(page.select("p.status").text()).isEqualTo("crashed");
        assertThat(page.select("pre.failure").first().wholeText()).isEqualTo(crash);
        assertThat(page.select("script, link, img, iframe")).isEmpty();
        assertThat(page.select("a[href]")).extracting(a -> a.attr("href"))
                .containsExactly("../index.html", ReportPaths.testFileStem("crash()", Reports.test(
                        "com.example.FillTest", "crash()", TestStatus.CRASHED, crash).uniqueId()) + ".json");
    }

    @Test
    void legendHasOneSwatchPerStateInTheMapColours() throws IOException {
        Document page = written(Reports.test("C", "t()", TestStatus.PASSED, null, CALL));
        Elements items = page.select("ul.legend > li");
        assertThat(items).extracting(Element::text).containsExactly("untouched", "redzone, untouched", "read",
                "written", "read and written", "benign over-read", "out of bounds");
        for (Element item : items) {
            CellState state = CellState.valueOf(item.attr("data-state").toUpperCase().replace('-', '_'));
            assertThat(item.select("rect").attr("fill")).isEqualTo(state.colour);
        }
    }

    @Test
    void drawsEveryBufferOfEveryCallWithItsRedzones() throws IOException {
        Document page = written(Reports.test("C", "t()", TestStatus.FAILED, "boom", CALL, CALL));
        assertThat(page.select("section.call")).hasSize(2);
        Element call = page.selectFirst("section.call");
        assertThat(call.select("h2").text()).isEqualTo("1. fill");
        assertThat(call.select("p.summary").text()).isEqualTo("6 accesses, 2 out of bounds, 1 benign over-reads");
        assertThat(call.select("p.warning").text()).isEqualTo("one instruction could not be decoded");
        assertThat(call.select("figure.buffer")).extracting(f -> f.attr("data-label")).containsExactly("dst", "old", "str");

        Element dst = call.selectFirst("figure.buffer[data-label=dst]");
        assertThat(dst.select("figcaption").text()).isEqualTo("dst: 16 bytes at 0x7f0000010040");
        // 64 bytes of redzone before dst, its 16 bytes, 64 after: one cell per byte, 9 px each
        Elements rects = dst.select("svg.byte-map rect.cell");
        assertThat(rects.stream().mapToInt(r -> (Integer.parseInt(r.attr("width")) + 1) / 9).sum()).isEqualTo(144);
        assertThat(rects).extracting(r -> r.attr("data-state") + " " + r.attr("fill") + " " + r.selectFirst("title").text())
                .containsExactly(
                        "redzone #bdbdbd dst[-64, 0): redzone, untouched",
                        "written #f28e2b dst[0, 8): written — WRITE of size 16 at 0x10",
                        "read-written #9c6ade dst[8, 16): read and written — READ of size 8 at 0x50; WRITE of size 16 at 0x10",
                        "out-of-bounds #e15759 dst[16, 17): out of bounds — WRITE of size 1 at libbuggy.so!fill+0x12",
                        // the rest of the row, then the next row: one run drawn as two rectangles
                        "redzone #bdbdbd dst[17, 80): redzone, untouched",
                        "redzone #bdbdbd dst[17, 80): redzone, untouched");
        assertThat(dst.select("svg.byte-map text")).extracting(Element::text).containsExactly("-64", "0", "64");

        Element old = call.selectFirst("figure.buffer[data-label=old]");
        assertThat(old.select("figcaption").text()).endsWith(", freed");
        assertThat(old.select("rect.cell[data-state=out-of-bounds] title")).extracting(Element::text)
                .containsExactly("old[0, 4): out of bounds — use after free: READ of size 4 at 0x30");

        Element str = call.selectFirst("figure.buffer[data-label=str]");
        assertThat(str.select("rect.cell")).extracting(r -> r.attr("data-state") + " " + r.selectFirst("title").text())
                .contains("written str[0, 8): written — possible WRITE of size 8 at 0x40",
                        "read str[96, 100): read — READ of size 32 at libc.so.6!__strlen_avx2+0x3d",
                        "benign-over-read str[100, 128): benign over-read — "
                                + "READ of size 32 at libc.so.6!__strlen_avx2+0x3d");
    }

    @Test
    void tabulatesTheAccessesWithTheirVerdicts() throws IOException {
        Document page = written(Reports.test("C", "t()", TestStatus.FAILED, null, CALL));
        Elements rows = page.select("section.call table.events tr:has(td)");
        assertThat(rows).extracting(r -> r.className()).containsExactly("verdict-in-bounds", "verdict-out-of-bounds",
                "verdict-benign-over-read", "verdict-use-after-free", "verdict-in-bounds", "verdict-in-bounds");
        assertThat(rows.get(1).select("td")).extracting(Element::text).containsExactly("2",
                "WRITE of size 1 at libbuggy.so!fill+0x12", "dst[16, 17)",
                "out of bounds: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`");
        assertThat(rows.get(4).select("td").get(1).text()).isEqualTo("possible WRITE of size 8 at 0x40");
    }

    @Test
    void escapesDisplayNamesAndFailures() throws IOException {
        Document page = written(Reports.test("C", "<b>bold</b> & \"quoted\"", TestStatus.FAILED,
                "<script>alert(1)</script>", CALL));
        assertThat(page.select("h1").text()).isEqualTo("<b>bold</b> & \"quoted\"");
        assertThat(page.select("h1 b, script")).isEmpty();
        assertThat(page.select("pre.failure").text()).isEqualTo("<script>alert(1)</script>");
        assertThat(List.of(page.title())).containsExactly("<b>bold</b> & \"quoted\" — tracedffi");
    }
}
