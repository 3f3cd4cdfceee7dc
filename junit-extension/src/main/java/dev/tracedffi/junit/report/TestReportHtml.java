package dev.tracedffi.junit.report;

import dev.tracedffi.junit.assertions.AccessDescription;
import dev.tracedffi.junit.assertions.AccessVerdict;
import dev.tracedffi.junit.assertions.BufferRange;
import dev.tracedffi.junit.assertions.Violation;
import dev.tracedffi.junit.assertions.ViolationReport;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.List;

/**
 * A test's report as a self-contained HTML page: outcome, failure report, and per call a byte map of every
 * buffer and a table of the accesses.
 */
final class TestReportHtml {

    /** A call making millions of accesses would give a page no browser opens; the JSON has them all. */
    static final int TABLE_ROWS = 1000;
    /** Violations shown in full (stacks, allocation site), one per instruction. */
    static final int DETAILED_VIOLATIONS = 20;

    private TestReportHtml() {
    }

    static String of(TestReport report, List<JudgedCall> calls, String jsonFileName) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(report.displayName())).append(" — tracedffi</title>\n<style>\n")
                .append(Html.STYLE).append("</style>\n</head>\n<body>\n")
                .append("<p><a href=\"../index.html\">all traced tests</a> · <a href=\"")
                .append(Html.escape(jsonFileName)).append("\">JSON</a></p>\n")
                .append("<h1>").append(Html.escape(report.displayName())).append("</h1>\n")
                .append("<p class=\"meta test-class\">").append(Html.escape(report.className())).append("</p>\n")
                .append("<p class=\"meta unique-id\">").append(Html.escape(report.uniqueId())).append("</p>\n")
                .append(report.ranBy() == null ? "" : "<p class=\"meta ran-by\">a fixture, run on purpose by "
                        + Html.escape(report.ranBy().toString()) + "</p>\n")
                .append(report.child() == null ? "" : "<p class=\"meta child\">ran in " + Html.escape(describe(report.child()))
                        + "</p>\n")
                .append("<p class=\"status status-").append(report.status().cssName()).append("\">")
                .append(Html.escape(report.status().label())).append("</p>\n");
        if (report.failure() != null) {
            out.append("<pre class=\"failure\">").append(Html.escape(report.failure())).append("</pre>\n");
        }
        if (calls.isEmpty()) {
            out.append("<p>No traced calls.</p>\n");
        } else {
            ByteMapSvg.legend(out);
        }
        for (int i = 0; i < calls.size(); i++) {
            call(i + 1, calls.get(i), out);
        }
        return out.append("</body>\n</html>\n").toString();
    }

    private static String describe(ChildJvm child) {
        return child.shared() ? "child JVM " + child.pid() + ", shared by the tests of its class: test " + child.test()
                + " in it" : "a child JVM of its own, " + child.pid();
    }

    private static void call(int number, JudgedCall judged, StringBuilder out) {
        CallReport call = judged.call();
        out.append("<section class=\"call\" id=\"call-").append(number).append("\">\n<h2>").append(number)
                .append(". ").append(Html.escape(call.name())).append("</h2>\n<p class=\"summary\">")
                .append(judged.verdicts().size()).append(" accesses, ").append(judged.violationCount())
                .append(" out of bounds, ").append(judged.benignOverReadCount()).append(" benign over-reads</p>\n");
        for (String warning : call.warnings()) {
            out.append("<p class=\"warning\">").append(Html.escape(warning)).append("</p>\n");
        }
        for (AllocationInfo buffer : judged.allocations().all()) {
            ByteMap map = ByteMap.of(buffer, judged);
            out.append("<figure class=\"buffer\" data-label=\"").append(Html.escape(buffer.label())).append("\">\n")
                    .append("<figcaption>").append(Html.escape(buffer.label())).append(": ")
                    .append(buffer.range().size()).append(" bytes at 0x").append(Long.toHexString(buffer.range().addr()))
                    .append(buffer.freed() ? ", freed" : "")
                    .append(map.bytesPerCell() != 1 ? ", " + map.bytesPerCell() + " bytes per cell"
                            : call.contentsAfter(buffer).isPresent() ? ", values after the call" : ", values not captured")
                    .append("</figcaption>\n");
            if (map.bytesPerCell() == 1) {
                HexDump.render(map, call, out);
            } else {
                ByteMapSvg.render(map, call, out);
            }
            out.append("</figure>\n");
        }
        violations(judged, out);
        if (!judged.verdicts().isEmpty()) {
            table(judged, out);
        }
        out.append("</section>\n");
    }

    /** The first violation of each instruction as AddressSanitizer shapes a report. */
    private static void violations(JudgedCall judged, StringBuilder out) {
        List<Violation> violations = judged.firstViolationPerInstruction();
        for (int i = 0; i < Math.min(violations.size(), DETAILED_VIOLATIONS); i++) {
            List<String> lines = ViolationReport.lines(violations.get(i), judged.call()::instruction,
                    judged.instructionInfo(), judged.call().javaFrames());
            out.append("<pre class=\"violation\">").append(Html.escape(String.join("\n", lines))).append("</pre>\n");
        }
        if (violations.size() > DETAILED_VIOLATIONS) {
            out.append("<p class=\"truncated\">and the violations of ").append(violations.size() - DETAILED_VIOLATIONS)
                    .append(" more instructions (all are in the table and the JSON)</p>\n");
        }
    }

    private static void table(JudgedCall judged, StringBuilder out) {
        out.append("<table class=\"events\">\n<tr><th>#</th><th>access</th><th>instruction</th><th>where</th>"
                + "<th>verdict</th></tr>\n");
        List<AccessVerdict> verdicts = judged.verdicts();
        for (int i = 0; i < Math.min(verdicts.size(), TABLE_ROWS); i++) {
            AccessVerdict verdict = verdicts.get(i);
            AccessEvent event = verdict.event();
            String name = JudgedCall.verdictName(verdict);
            String where = judged.allocations().nearest(event.range().addr())
                    .map(buffer -> new BufferRange(buffer, event.range()).toString())
                    .orElse(event.range().toString());
            String detail = JudgedCall.verdictDetail(verdict);
            out.append("<tr class=\"verdict-").append(name.replace(' ', '-')).append("\"><td>").append(i + 1)
                    .append("</td><td>").append(Html.escape(AccessDescription.of(event, judged.call()::instruction)))
                    .append("</td><td class=\"instruction\">").append(Html.escape(judged.instructionText(event.ip())))
                    .append("</td><td>").append(Html.escape(where))
                    .append("</td><td>").append(Html.escape(detail.isEmpty() ? name : name + ": " + detail))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (verdicts.size() > TABLE_ROWS) {
            out.append("<p class=\"truncated\">and ").append(verdicts.size() - TABLE_ROWS)
                    .append(" more accesses (all are in the JSON)</p>\n");
        }
    }
}
