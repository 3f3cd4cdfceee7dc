package dev.tracedffi.junit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    void saysWhichChildJvmRanTheTestAndWhetherItWasShared() throws IOException {
        TestReport plain = Reports.test("C", "t()", TestStatus.PASSED, null, CALL);
        Document shared = written(new TestReport(plain.className(), "shared()", plain.uniqueId() + "s", plain.status(),
                null, plain.calls(), null, new ChildJvm(4242, 3, true)));
        Document own = written(new TestReport(plain.className(), "own()", plain.uniqueId() + "o", plain.status(), null,
                plain.calls(), null, ChildJvm.own(77)));

        assertThat(shared.select("p.child").text())
                .isEqualTo("ran in child JVM 4242, shared by the tests of its class: test 3 in it");
        assertThat(own.select("p.child").text()).isEqualTo("ran in a child JVM of its own, 77");
        assertThat(written(plain).select("p.child")).isEmpty();
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
    void drawsEveryBufferOfEveryCallWithItsRedzonesByteByByte() throws IOException {
        Document page = written(Reports.test("C", "t()", TestStatus.FAILED, "boom", CALL, CALL));
        assertThat(page.select("section.call")).hasSize(2);
        Element call = page.selectFirst("section.call");
        assertThat(call.select("h2").text()).isEqualTo("1. fill");
        assertThat(call.select("p.summary").text()).isEqualTo("6 accesses, 2 out of bounds, 1 benign over-reads");
        assertThat(call.select("p.warning").text()).isEqualTo("one instruction could not be decoded");
        assertThat(call.select("figure.buffer")).extracting(f -> f.attr("data-label")).containsExactly("dst", "old", "str");
        assertThat(call.select("svg.byte-map")).isEmpty();

        Element dst = call.selectFirst("figure.buffer[data-label=dst]");
        assertThat(dst.select("figcaption").text()).isEqualTo("dst: 16 bytes at 0x7f0000010040, values after the call");
        // 64 bytes of redzone before dst, its 16 bytes, 64 after: 9 rows of 16 bytes, offsets relative to dst,
        // rows like the one above folded
        assertThat(dst.select("table.hex-dump tbody tr > th")).extracting(Element::text)
                .containsExactly("-64", "⋮", "0", "16", "32", "⋮");
        assertThat(dst.select("table.hex-dump tr.repeat td")).extracting(Element::text)
                .containsExactly("dst[-48, 0): 3 rows like the one above", "dst[48, 80): 2 rows like the one above");
        Elements bytes = dst.select("table.hex-dump td.b");
        assertThat(runsOf(bytes)).containsExactly("16 redzone", "8 written", "8 read-written", "1 out-of-bounds",
                "31 redzone");
        Element row0 = dst.select("table.hex-dump tbody tr").get(2);
        assertThat(row0.select("td.b")).extracting(Element::text)
                .containsExactly("41", "42", "43", "44", "45", "46", "47", "48", "49", "4a", "4b", "4c", "4d", "4e", "4f", "50");
        assertThat(row0.selectFirst("td.text").wholeText()).isEqualTo("ABCDEFGHIJKLMNOP");
        assertThat(byteCell(dst, 0).attr("title")).isEqualTo("dst[0] = 0x41: written — WRITE of size 16 at 0x10");
        assertThat(byteCell(dst, 9).attr("title"))
                .isEqualTo("dst[9] = 0x4a: read and written — READ of size 8 at 0x50; WRITE of size 16 at 0x10");
        assertThat(byteCell(dst, 16).attr("title"))
                .isEqualTo("dst[16]: out of bounds — WRITE of size 1 at libbuggy.so!fill+0x12");
        assertThat(byteCell(dst, -64).attr("title")).isEqualTo("dst[-64]: redzone, untouched");
        assertThat(byteCell(dst, 16).text()).isEmpty(); // outside the buffer no value is captured

        Element old = call.selectFirst("figure.buffer[data-label=old]");
        assertThat(old.select("figcaption").text()).endsWith(", freed, values not captured");
        assertThat(old.select("td.b.out-of-bounds")).extracting(Element::text).containsOnly("").hasSize(4);
        assertThat(old.select("td.b.out-of-bounds").first().attr("title"))
                .isEqualTo("old[0]: out of bounds — use after free: READ of size 4 at 0x30");

        Element str = call.selectFirst("figure.buffer[data-label=str]");
        assertThat(byteCell(str, 0).attr("title")).isEqualTo("str[0]: written — possible WRITE of size 8 at 0x40");
        assertThat(byteCell(str, 96).attr("title"))
                .isEqualTo("str[96]: read — READ of size 32 at libc.so.6!__strlen_avx2+0x3d");
        assertThat(byteCell(str, 100).attr("title"))
                .isEqualTo("str[100]: benign over-read — READ of size 32 at libc.so.6!__strlen_avx2+0x3d");
        // rows 16 to 80 are untouched, like row 16 drawn above them; the redzone after str is 36 bytes
        assertThat(runsOf(str.select("td.b"))).containsExactly("16 redzone", "8 written", "24 untouched",
                "4 read", "28 benign-over-read", "36 redzone");
    }

    /** The hex dump's cell of the byte at {@code offset} of the figure's buffer. */
    static Element byteCell(Element figure, long offset) {
        String prefix = figure.attr("data-label") + "[" + offset + "]";
        return figure.select("table.hex-dump td.b").stream().filter(td -> td.attr("title").startsWith(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no cell for " + prefix));
    }

    /** Consecutive cells of one state: {@code "8 written"}. */
    static List<String> runsOf(Elements cells) {
        List<String> runs = new ArrayList<>();
        String state = null;
        int count = 0;
        for (Element cell : cells) {
            String s = cell.classNames().stream().filter(c -> !c.equals("b")).findFirst().orElseThrow();
            if (!s.equals(state) && state != null) {
                runs.add(count + " " + state);
                count = 0;
            }
            state = s;
            count++;
        }
        if (state != null) {
            runs.add(count + " " + state);
        }
        return runs;
    }

    @Test
    void tabulatesTheAccessesWithTheirVerdicts() throws IOException {
        Document page = written(Reports.test("C", "t()", TestStatus.FAILED, null, CALL));
        Elements rows = page.select("section.call table.events tr:has(td)");
        assertThat(rows).extracting(r -> r.className()).containsExactly("verdict-in-bounds", "verdict-out-of-bounds",
                "verdict-benign-over-read", "verdict-use-after-free", "verdict-in-bounds", "verdict-in-bounds");
        assertThat(rows.get(1).select("td")).extracting(Element::text).containsExactly("2",
                "WRITE of size 1 at libbuggy.so!fill+0x12", "", "dst[16, 17)",
                "out of bounds: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`");
        assertThat(rows.get(4).select("td").get(1).text()).isEqualTo("possible WRITE of size 8 at 0x40");
    }

    @Test
    void showsEachInstructionInIntelSyntaxAndTheFirstViolationOfEachInFull() throws IOException {
        Document page = written(SamplePages.violation());
        Elements rows = page.select("section.call table.events tr:has(td)");
        assertThat(rows).extracting(r -> r.selectFirst("td.instruction").text())
                .containsOnly("mov byte ptr [rdi+rax*1], 0xaa").hasSize(2);
        assertThat(page.select("section.call pre.violation")).singleElement().satisfies(pre -> assertThat(pre.wholeText())
                .isEqualTo("""
                        WRITE of size 1 at libbuggy.so!fill+0x5: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
                          instruction: mov byte ptr [rdi+rax*1], 0xaa
                          #0 0x7f3a30001205 in libbuggy.so!fill+0x5 /work/samples/src/test/c/buggy.c:14 (libbuggy.so+0x1205)
                          (called from code in anonymous memory at 0x7f3a2c01d4e2 (JIT code?), which has no unwind information)
                          Java frames of the traced call:
                            at dev.tracedffi.samples.buggy.BuggyLibraryTest.lambda$fillWritesOneBytePastTheEnd$0(BuggyLibraryTest.java:44)
                            at dev.tracedffi.samples.buggy.BuggyLibraryTest.fillWritesOneBytePastTheEnd(BuggyLibraryTest.java:43)
                          0x7f3a1c400050 is 1 byte right of the 16-byte region `dst` [0x7f3a1c400040, 0x7f3a1c400050)
                          `dst` was allocated at dev.tracedffi.samples.buggy.BuggyLibraryTest.fillWritesOneBytePastTheEnd(BuggyLibraryTest.java:41)"""));
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
