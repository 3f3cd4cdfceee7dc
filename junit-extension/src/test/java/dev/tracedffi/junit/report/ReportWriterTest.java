package dev.tracedffi.junit.report;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static dev.tracedffi.junit.report.Reports.CALL;
import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesPerClassDirectoriesWithSanitizedNames() {
        ReportWriter writer = new ReportWriter(dir);
        TestReport report = Reports.test("com.example.Outer$Inner", "[2] \"a/b\", c d", TestStatus.PASSED, null, CALL);
        ReportWriter.WrittenReport written = writer.write(report);
        String stem = ReportPaths.testFileStem(report.displayName(), report.uniqueId());
        assertThat(stem).matches("2_a_b_c_d-[0-9a-f]{8}");
        assertThat(written.json()).isEqualTo(dir.resolve("com.example.Outer_Inner").resolve(stem + ".json"));
        assertThat(written.html()).isEqualTo(dir.resolve("com.example.Outer_Inner").resolve(stem + ".html"));
        assertThat(written.json()).exists();
        assertThat(written.html()).exists();
        assertThat(writer.indexFile()).isEqualTo(dir.resolve("index.html")).exists();
    }

    @Test
    void indexListsEveryTestWithItsStatusEvenWhenTestsFinishConcurrently() throws Exception {
        ReportWriter writer = new ReportWriter(dir);
        TestStatus[] statuses = TestStatus.values();
        int tests = 24;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < tests; i++) {
                TestReport report = Reports.test("com.example.Class" + (i % 6), "test" + i + "()",
                        statuses[i % statuses.length], i % 2 == 0 ? null : "failure " + i, CALL);
                done.add(pool.submit(() -> {
                    start.await();
                    return writer.write(report);
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        writer.flush();

        Document index = Jsoup.parse(writer.indexFile().toFile(), "UTF-8");
        List<Element> rows = index.select("table.tests tr.test");
        assertThat(rows).hasSize(tests);
        for (Element row : rows) {
            String href = row.select("td").get(1).selectFirst("a").attr("href");
            assertThat(dir.resolve(href)).exists();
            assertThat(dir.resolve(row.select("td").get(6).selectFirst("a").attr("href"))).exists();
            assertThat(row.selectFirst("span.status").text())
                    .isEqualTo(TestStatus.valueOf(row.attr("data-status").toUpperCase().replace('-', '_')).label());
            assertThat(row.select("td").get(3).text()).isEqualTo("1");
            assertThat(row.select("td").get(4).text()).isEqualTo("2");
        }
        assertThat(rows).extracting(r -> r.selectFirst("td").text()).isSorted();
        assertThat(index.select("p.totals").text())
                .isEqualTo("24 tests, 4 passed, 4 failed, 4 aborted, 4 crashed, 4 timed out, 4 exit");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void aTestReportedAgainReplacesItsEntry() throws IOException {
        ReportWriter writer = new ReportWriter(dir);
        writer.write(Reports.test("C", "t()", TestStatus.FAILED, "first", CALL));
        writer.write(Reports.test("C", "t()", TestStatus.PASSED, null));
        writer.flush();
        Document index = Jsoup.parse(writer.indexFile().toFile(), "UTF-8");
        assertThat(index.select("tr.test")).singleElement()
                .satisfies(row -> assertThat(row.attr("data-status")).isEqualTo("passed"));
    }

    @Test
    void displayNamesNeverEscapeTheDirectoryOrCollide() {
        assertThat(ReportPaths.testFileStem("../../etc/passwd", "id")).startsWith("etc_passwd-");
        assertThat(ReportPaths.testFileStem("", "id")).startsWith("test-");
        assertThat(ReportPaths.testFileStem("…", "id")).startsWith("test-");
        assertThat(ReportPaths.testFileStem("x".repeat(500), "id")).hasSize(80 + 9);
        assertThat(ReportPaths.testFileStem("[1] a", "[test-template-invocation:#1]"))
                .isNotEqualTo(ReportPaths.testFileStem("[1] a", "[test-template-invocation:#2]"));
        assertThat(ReportPaths.classDirectory(".hidden")).isEqualTo("hidden");
    }
}
