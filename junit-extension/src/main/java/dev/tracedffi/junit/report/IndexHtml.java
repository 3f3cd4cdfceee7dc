package dev.tracedffi.junit.report;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The index page: every traced test of the run with its status, by class. */
final class IndexHtml {

    private IndexHtml() {
    }

    static String of(Collection<IndexEntry> entries) {
        List<IndexEntry> sorted = entries.stream()
                .sorted(Comparator.comparing(IndexEntry::className).thenComparing(IndexEntry::displayName)
                        .thenComparing(IndexEntry::uniqueId))
                .toList();
        Map<TestStatus, Integer> counts = new EnumMap<>(TestStatus.class);
        sorted.forEach(e -> counts.merge(e.status(), 1, Integer::sum));
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>tracedffi report</title>\n<style>\n").append(Html.STYLE).append("</style>\n</head>\n")
                .append("<body>\n<h1>Traced tests</h1>\n<p class=\"totals\">").append(sorted.size()).append(" tests");
        counts.forEach((status, count) -> out.append(", ").append(count).append(' ').append(status.label()));
        out.append("</p>\n<table class=\"tests\">\n<tr><th>class</th><th>test</th><th>status</th><th>calls</th>")
                .append("<th>out of bounds</th><th>data</th></tr>\n");
        for (IndexEntry entry : sorted) {
            out.append("<tr class=\"test\" data-status=\"").append(entry.status().cssName()).append("\"><td>")
                    .append(Html.escape(entry.className())).append("</td><td><a href=\"").append(Html.escape(entry.html()))
                    .append("\">").append(Html.escape(entry.displayName())).append("</a></td><td><span class=\"status status-")
                    .append(entry.status().cssName()).append("\">").append(Html.escape(entry.status().label()))
                    .append("</span></td><td>").append(entry.calls()).append("</td><td>").append(entry.violations())
                    .append("</td><td><a href=\"").append(Html.escape(entry.json())).append("\">JSON</a></td></tr>\n");
        }
        return out.append("</table>\n</body>\n</html>\n").toString();
    }
}
