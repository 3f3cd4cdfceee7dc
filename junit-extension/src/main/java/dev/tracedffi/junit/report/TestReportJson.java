package dev.tracedffi.junit.report;

import dev.tracedffi.junit.assertions.AccessVerdict;
import dev.tracedffi.junit.assertions.BufferRange;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.StackFrame;

import java.util.HexFormat;
import java.util.List;

/**
 * A test's report as JSON: outcome, and per call its buffers (with their bytes after the call, in hex, where
 * they were captured) and every access with its verdict.
 * Addresses are hex strings: 64-bit values do not survive JavaScript's numbers.
 */
final class TestReportJson {

    private TestReportJson() {
    }

    static String of(TestReport report, List<JudgedCall> calls) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("class").value(report.className())
                .name("displayName").value(report.displayName())
                .name("uniqueId").value(report.uniqueId())
                .name("status").value(report.status().label())
                .name("failure").value(report.failure())
                .name("ranBy");
        if (report.ranBy() == null) {
            json.value((String) null);
        } else {
            json.beginObject().name("uniqueId").value(report.ranBy().uniqueId())
                    .name("class").value(report.ranBy().className())
                    .name("displayName").value(report.ranBy().displayName()).endObject();
        }
        json.name("child");
        if (report.child() == null) {
            json.value((String) null);
        } else {
            json.beginObject().name("pid").value(report.child().pid()).name("test").value(report.child().test())
                    .name("shared").value(report.child().shared()).endObject();
        }
        json.name("calls").beginArray();
        for (JudgedCall call : calls) {
            call(json, call);
        }
        return json.endArray().endObject().toString();
    }

    private static void call(JsonWriter json, JudgedCall judged) {
        CallReport call = judged.call();
        json.beginObject().name("name").value(call.name()).name("warnings").beginArray();
        call.warnings().forEach(json::value);
        json.endArray().name("allocations").beginArray();
        for (AllocationInfo allocation : call.allocations()) {
            json.beginObject()
                    .name("label").value(allocation.label())
                    .name("address").value(hex(allocation.range().addr()))
                    .name("size").value(allocation.range().size())
                    .name("freed").value(allocation.freed());
            call.contentsAfter(allocation).ifPresent(bytes -> json.name("after").value(HexFormat.of().formatHex(bytes)));
            allocation.allocationSite().ifPresent(site -> json.name("allocatedAt").value(site.toStackTraceElement().toString()));
            json.endObject();
        }
        json.endArray().name("javaFrames").beginArray();
        for (StackFrame frame : call.javaFrames()) {
            json.value(frame.toStackTraceElement().toString());
        }
        json.endArray().name("instructions").beginArray();
        for (InstructionInfo instruction : call.events().instructions()) {
            json.beginObject().name("ip").value(hex(instruction.ip())).name("text").value(instruction.text())
                    .name("nativeStack").beginArray();
            instruction.nativeStack().forEach(json::value);
            json.endArray().endObject();
        }
        json.endArray().name("events").beginArray();
        for (AccessVerdict verdict : judged.verdicts()) {
            event(json, judged, verdict);
        }
        json.endArray().endObject();
    }

    private static void event(JsonWriter json, JudgedCall judged, AccessVerdict verdict) {
        AccessEvent event = verdict.event();
        json.beginObject()
                .name("kind").value(event instanceof AccessEvent.Write ? "write" : "read")
                .name("address").value(hex(event.range().addr()))
                .name("size").value(event.range().size());
        if (event instanceof AccessEvent.Write write) {
            json.name("certain").value(write.certain());
        }
        json.name("ip").value(hex(event.ip())).name("instruction").value(judged.call().instruction(event.ip()));
        judged.allocations().nearest(event.range().addr()).ifPresent(buffer -> {
            BufferRange where = new BufferRange(buffer, event.range());
            json.name("buffer").value(buffer.label()).name("offset").value(where.from());
        });
        json.name("verdict").value(JudgedCall.verdictName(verdict));
        String detail = JudgedCall.verdictDetail(verdict);
        if (!detail.isEmpty()) {
            json.name("detail").value(detail);
        }
        json.endObject();
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
