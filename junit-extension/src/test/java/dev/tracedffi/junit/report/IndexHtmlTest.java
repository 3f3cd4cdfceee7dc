package dev.tracedffi.junit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexHtmlTest {

    private static final RanBy CRASH_TEST = new RanBy("[engine:junit-jupiter]/[class:s.CrashTest]/[method:crashes()]",
            "s.CrashTest", "crashes()");
    private static final RanBy PLAIN_TEST = new RanBy("[engine:junit-jupiter]/[class:s.ExitTest]/[method:exits()]",
            "s.ExitTest", "exits()");

    private static IndexEntry entry(String className, String name, TestStatus status, RanBy ranBy) {
        return new IndexEntry(className, name, "[engine:junit-jupiter]/[class:" + className + "]/[method:" + name + "]",
                status, 1, 0, className + "/" + name + ".html", className + "/" + name + ".json", "", ranBy, null);
    }

    @Test
    void countsOnlyTheBuildsOwnTestsAndGroupsFixturesUnderTheTestThatRanThem() {
        Document index = Jsoup.parse(IndexHtml.of(List.of(
                entry("s.CrashTest", "crashes()", TestStatus.PASSED, null),
                entry("s.StringTest", "copies()", TestStatus.PASSED, null),
                entry("s.CrashTest$Fixture", "segfaults()", TestStatus.CRASHED, CRASH_TEST),
                entry("s.CrashTest$Fixture", "hangs()", TestStatus.TIMED_OUT, CRASH_TEST),
                entry("s.ExitTest$Fixture", "exits()", TestStatus.EXITED, PLAIN_TEST))));

        assertThat(index.select("p.totals").text()).isEqualTo("2 tests, 2 passed");
        assertThat(index.select("p.fixture-totals").text()).startsWith("Not counted: 3 fixture tests that 2 tests ran");
        assertThat(index.select("body > table.tests tr.test td:eq(1)")).extracting(Element::text)
                .containsExactly("crashes()", "copies()");
        List<Element> groups = index.select("section.fixtures");
        assertThat(groups).extracting(g -> g.attr("data-ran-by")).containsExactly(CRASH_TEST.uniqueId(), PLAIN_TEST.uniqueId());
        // the traced test that ran fixtures links to its own report; a plain one is named
        assertThat(groups.get(0).select("h3").text()).isEqualTo("run by s.CrashTest › crashes()");
        assertThat(groups.get(0).select("h3 a").attr("href")).isEqualTo("s.CrashTest/crashes().html");
        assertThat(groups.get(0).select("tr.test td:eq(1)")).extracting(Element::text).containsExactly("hangs()", "segfaults()");
        assertThat(groups.get(1).select("h3 a")).isEmpty();
        assertThat(groups.get(1).select("tr.test")).extracting(r -> r.attr("data-status")).containsExactly("exited");
    }

    @Test
    void namesEachTestsChildJvmAndWhichTestOfASharedOneItWas() {
        IndexEntry shared = new IndexEntry("C", "b()", "[engine:junit-jupiter]/[class:C]/[method:b()]", TestStatus.PASSED,
                1, 0, "C/b.html", "C/b.json", "", null, new ChildJvm(4242, 2, true));
        IndexEntry own = new IndexEntry("C", "a()", "[engine:junit-jupiter]/[class:C]/[method:a()]", TestStatus.PASSED,
                1, 0, "C/a.html", "C/a.json", "", null, ChildJvm.own(77));
        Document index = Jsoup.parse(IndexHtml.of(List.of(shared, own, entry("C", "c()", TestStatus.PASSED, null))));

        assertThat(index.select("tr.test td.child")).extracting(Element::text).containsExactly("77", "4242 · test 2", "");
    }

    @Test
    void withoutFixturesThereIsNoFixtureSection() {
        Document index = Jsoup.parse(IndexHtml.of(List.of(entry("C", "t()", TestStatus.FAILED, null))));
        assertThat(index.select("p.totals").text()).isEqualTo("1 tests, 1 failed");
        assertThat(index.select("p.fixture-totals, #fixtures, section.fixtures")).isEmpty();
    }
}
