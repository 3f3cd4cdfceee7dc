package dev.tracedffi.junit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One index for every JVM that writes into a directory. */
class ReportIndexTest {

    @TempDir
    Path dir;

    @Test
    void twoJvmsWritingAtTheSameTimeGiveOneIndexOfBoth() throws Exception {
        int perProcess = 60;
        Path go = dir.resolve("go");
        Path reports = dir.resolve("reports");
        List<Process> processes = new ArrayList<>();
        try {
            for (String name : List.of("ForkOne", "ForkTwo")) {
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), ReportWritingProcess.class.getName(),
                        reports.toString(), "build-1", name, Integer.toString(perProcess), go.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process process : processes) {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("ready");
                outputs.add(out);
            }
            Files.createFile(go);
            long[][] spans = new long[2][];
            for (int i = 0; i < 2; i++) {
                String line = outputs.get(i).readLine();
                assertThat(line).startsWith("wrote ");
                String[] parts = line.split(" ");
                spans[i] = new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
                assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(processes.get(i).exitValue()).isZero();
            }
            // each wrote its first report before the other wrote its last: they ran at the same time
            assertThat(spans[0][0]).isLessThanOrEqualTo(spans[1][1]);
            assertThat(spans[1][0]).isLessThanOrEqualTo(spans[0][1]);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }

        Document index = Jsoup.parse(reports.resolve("index.html").toFile(), "UTF-8");
        List<Element> rows = index.select("table.tests tr.test");
        assertThat(rows).hasSize(2 * perProcess);
        assertThat(rows).extracting(r -> r.selectFirst("td").text()).containsOnly("com.example.ForkOne", "com.example.ForkTwo");
        for (Element row : rows) {
            assertThat(reports.resolve(row.select("td").get(1).selectFirst("a").attr("href"))).exists();
        }
        assertThat(index.select("p.totals").text())
                .isEqualTo("120 tests, 20 passed, 20 failed, 20 aborted, 20 crashed, 20 timed out, 20 exit");
        try (Stream<Path> files = Files.walk(reports)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void theIndexShowsTheLatestRunOnlyAndForgetsEarlierOnes() throws IOException {
        new ReportWriter(dir, "build-1").write(Reports.test("C", "old()", TestStatus.FAILED, "x"));
        new ReportWriter(dir, "build-2").write(Reports.test("C", "new()", TestStatus.PASSED, null));
        // another JVM of build 2
        ReportWriter sameBuild = new ReportWriter(dir, "build-2");
        sameBuild.write(Reports.test("D", "other()", TestStatus.PASSED, null));

        Document index = Jsoup.parse(sameBuild.indexFile().toFile(), "UTF-8");
        assertThat(index.select("tr.test td:eq(1)")).extracting(Element::text).containsExactly("new()", "other()");
        try (Stream<Path> entries = Files.list(dir.resolve(ReportIndex.ENTRIES))) {
            assertThat(entries.filter(p -> p.toString().endsWith(".entry"))).hasSize(2);
        }
    }

    @Test
    void theIndexPageIsRewrittenAtMostOncePerIntervalAndOnFlush() throws IOException {
        ReportWriter writer = new ReportWriter(dir, "", java.time.Duration.ofHours(1));
        writer.write(Reports.test("C", "first()", TestStatus.PASSED, null));
        writer.write(Reports.test("C", "second()", TestStatus.PASSED, null));
        assertThat(Jsoup.parse(writer.indexFile().toFile(), "UTF-8").select("tr.test")).hasSize(1);
        writer.flush();
        assertThat(Jsoup.parse(writer.indexFile().toFile(), "UTF-8").select("tr.test")).hasSize(2);
        ReportWriter immediate = new ReportWriter(dir, "", java.time.Duration.ZERO);
        immediate.write(Reports.test("C", "third()", TestStatus.PASSED, null));
        immediate.write(Reports.test("C", "fourth()", TestStatus.PASSED, null));
        assertThat(Jsoup.parse(writer.indexFile().toFile(), "UTF-8").select("tr.test")).hasSize(4);
    }

    @Test
    void anEntryReadsBackExactly() throws IOException {
        String nasty = "quote \" backslash \\ = : # ! newline \n tab \t nul \u0000 emoji \uD83D\uDE00 lone \uD800";
        IndexEntry entry = new IndexEntry("C$" + nasty, nasty, "[engine:x]/[m:" + nasty + "]", TestStatus.TIMED_OUT, 3,
                2, "C/a.html", "C/a.json", "build=1", new RanBy("[engine:y]", "Outer", nasty), new ChildJvm(4242, 3, true));
        Path file = dir.resolve("x.entry");
        Files.write(file, IndexEntryFile.encode(entry));
        assertThat(IndexEntryFile.read(file)).isEqualTo(entry);
        IndexEntry own = new IndexEntry("C", "t()", "id", TestStatus.PASSED, 0, 0, "a", "b", "", null, null);
        Files.write(file, IndexEntryFile.encode(own));
        assertThat(IndexEntryFile.read(file)).isEqualTo(own);
    }

    @Test
    void aBrokenEntryIsLeftOutNotFatal() throws IOException {
        Files.createDirectories(dir.resolve(ReportIndex.ENTRIES));
        Files.writeString(dir.resolve(ReportIndex.ENTRIES).resolve("junk.entry"), "status=NOPE\n");
        ReportWriter writer = new ReportWriter(dir, "");
        writer.write(Reports.test("C", "t()", TestStatus.PASSED, null));
        assertThat(Jsoup.parse(writer.indexFile().toFile(), "UTF-8").select("tr.test")).hasSize(1);
    }
}
