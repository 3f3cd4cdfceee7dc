package dev.tracedffi.junit.report;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The index page: the build's own traced tests with their statuses, by class, counted in the headline;
 * then the fixtures that tests ran on purpose through the JUnit Platform, grouped under the test that ran
 * them and not counted (their outcome is what that test checks).
 */
final class IndexHtml {

    private static final Comparator<IndexEntry> ORDER = Comparator.comparing(IndexEntry::className)
            .thenComparing(IndexEntry::displayName).thenComparing(IndexEntry::uniqueId);

    private IndexHtml() {
    }

    static String of(Collection<IndexEntry> entries) {
        List<IndexEntry> own = entries.stream().filter(e -> e.ranBy() == null).sorted(ORDER).toList();
        Map<String, List<IndexEntry>> fixturesByRunner = entries.stream().filter(e -> e.ranBy() != null).sorted(ORDER)
                .collect(Collectors.groupingBy(e -> e.ranBy().uniqueId(), LinkedHashMap::new, Collectors.toList()));
        Map<String, IndexEntry> ownById = own.stream().collect(Collectors.toMap(IndexEntry::uniqueId, e -> e, (a, b) -> a));
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>tracedffi report</title>\n<style>\n").append(Html.STYLE).append("</style>\n</head>\n")
                .append("<body>\n<h1>Traced tests</h1>\n<p class=\"totals\">").append(own.size()).append(" tests");
        counts(own).forEach((status, count) -> out.append(", ").append(count).append(' ').append(status.label()));
        out.append("</p>\n");
        int fixtures = entries.size() - own.size();
        if (fixtures > 0) {
            out.append("<p class=\"fixture-totals\">Not counted: ").append(fixtures).append(" fixture tests that ")
                    .append(fixturesByRunner.size()).append(fixturesByRunner.size() == 1 ? " test" : " tests")
                    .append(" ran through the JUnit Platform on purpose, <a href=\"#fixtures\">below</a>; ")
                    .append("their outcomes are what those tests check.</p>\n");
        }
        if (!own.isEmpty()) {
            table("tests", own, out);
        }
        if (fixtures > 0) {
            out.append("<h2 id=\"fixtures\">Fixtures</h2>\n");
            fixturesByRunner.forEach((runner, group) -> fixtures(group, ownById.get(runner), out));
        }
        return out.append("</body>\n</html>\n").toString();
    }

    private static Map<TestStatus, Integer> counts(List<IndexEntry> entries) {
        Map<TestStatus, Integer> counts = new EnumMap<>(TestStatus.class);
        entries.forEach(e -> counts.merge(e.status(), 1, Integer::sum));
        return counts;
    }

    /** @param runnerEntry the running test's own entry, when it is a traced test too */
    private static void fixtures(List<IndexEntry> group, IndexEntry runnerEntry, StringBuilder out) {
        RanBy runner = group.get(0).ranBy();
        out.append("<section class=\"fixtures\" data-ran-by=\"").append(Html.escape(runner.uniqueId()))
                .append("\">\n<h3>run by ");
        if (runnerEntry != null) {
            out.append("<a href=\"").append(Html.escape(runnerEntry.html())).append("\">")
                    .append(Html.escape(runner.toString())).append("</a>");
        } else {
            out.append(Html.escape(runner.toString()));
        }
        out.append("</h3>\n");
        table("tests fixtures", group, out);
        out.append("</section>\n");
    }

    private static void table(String cssClass, List<IndexEntry> entries, StringBuilder out) {
        out.append("<table class=\"").append(cssClass).append("\">\n<tr><th>class</th><th>test</th><th>status</th>")
                .append("<th>calls</th><th>out of bounds</th><th>child JVM</th><th>data</th></tr>\n");
        for (IndexEntry entry : entries) {
            out.append("<tr class=\"test\" data-status=\"").append(entry.status().cssName()).append("\"><td>")
                    .append(Html.escape(entry.className())).append("</td><td><a href=\"").append(Html.escape(entry.html()))
                    .append("\">").append(Html.escape(entry.displayName())).append("</a></td><td><span class=\"status status-")
                    .append(entry.status().cssName()).append("\">").append(Html.escape(entry.status().label()))
                    .append("</span></td><td>").append(entry.calls()).append("</td><td>").append(entry.violations())
                    .append("</td><td class=\"child\">").append(child(entry.child()))
                    .append("</td><td><a href=\"").append(Html.escape(entry.json())).append("\">JSON</a></td></tr>\n");
        }
        out.append("</table>\n");
    }

    /** The pid, and for a shared child which of its tests this was: tests with the same pid shared it. */
    private static String child(ChildJvm child) {
        if (child == null) {
            return "";
        }
        return child.shared() ? child.pid() + " · test " + child.test() : Integer.toString(child.pid());
    }
}
