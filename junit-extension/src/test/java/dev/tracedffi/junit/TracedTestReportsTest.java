package dev.tracedffi.junit;

import dev.tracedffi.supervisor.ChildExit;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

/** The reports of traced tests go where the run's configuration says, named after its run and runner. */
class TracedTestReportsTest {

    private static final ChildExit PASSED = new ChildExit(0, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
            false, Optional.empty(), List.of(), Optional.empty(), "", Optional.empty());

    @TempDir
    Path dir;

    @Test
    void aRunNamedDifferentlyTakesTheDirectoryOverAndItsRunnerGroupsItsTests() throws IOException {
        String runner = "[engine:junit-jupiter]/[class:Outer]/[method:runsFixtures()]";
        record(Map.of("tracedffi.reports", dir.toString(), "tracedffi.reports.run", "build-1"), "one");
        record(Map.of("tracedffi.reports", dir.toString(), "tracedffi.reports.run", "build-2",
                "tracedffi.reports.ranBy", runner), "two");
        TracedTestReports.flush();

        Path index = dir.resolve("index.html").toAbsolutePath();
        assertThat(TracedTestReports.indexFiles()).containsOnlyOnce(index);
        Document page = Jsoup.parse(index.toFile(), "UTF-8");
        assertThat(page.select("tr.test td:eq(1)")).extracting(Element::text).containsExactly("two()");
        assertThat(page.select("section.fixtures").attr("data-ran-by")).isEqualTo(runner);
        try (Stream<Path> entries = Files.list(dir.resolve(".index"))) {
            List<Path> left = entries.filter(p -> p.toString().endsWith(".entry")).toList();
            assertThat(left).hasSize(1);
            assertThat(Files.readString(left.get(0))).contains("run=build-2");
        }
    }

    /** Records a passed test {@code name()} of a run with these configuration parameters. */
    private static void record(Map<String, String> parameters, String name) {
        MockRun run = new MockRun(parameters);
        var context = run.methodContext(TracedTestReportsTest.class, "aRunNamedDifferentlyTakesTheDirectoryOverAndItsRunnerGroupsItsTests");
        when(context.getUniqueId()).thenReturn("[engine:junit-jupiter]/[class:C]/[method:" + name + "()]");
        when(context.getDisplayName()).thenReturn(name + "()");
        TracedTestReports.record(context, TracedFfiConfiguration.of(context), new ChildRun(PASSED, null), null);
    }
}
