package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.MemEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tracedffi.junit.report.Reports.CALL;
import static org.assertj.core.api.Assertions.assertThat;

class TestReportJsonTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private Map<String, Object> written(TestReport report) throws IOException {
        Path json = new ReportWriter(dir).write(report).json();
        return (Map<String, Object>) JsonParser.parse(Files.readString(json));
    }

    @Test
    @SuppressWarnings("unchecked")
    void holdsTheOutcomeAndEveryEventWithItsVerdict() throws IOException {
        Map<String, Object> json = written(Reports.test("com.example.FillTest", "fill()", TestStatus.FAILED,
                "expected 1 but was 2", CALL));

        assertThat(json).containsOnlyKeys("class", "displayName", "uniqueId", "status", "failure", "ranBy", "child", "calls")
                .containsEntry("ranBy", null)
                .containsEntry("class", "com.example.FillTest")
                .containsEntry("displayName", "fill()")
                .containsEntry("uniqueId", "[engine:junit-jupiter]/[class:com.example.FillTest]/[method:fill()]")
                .containsEntry("status", "failed")
                .containsEntry("failure", "expected 1 but was 2");
        List<Map<String, Object>> calls = (List<Map<String, Object>>) json.get("calls");
        assertThat(calls).hasSize(1);
        Map<String, Object> call = calls.get(0);
        assertThat(call).containsEntry("name", "fill")
                .containsEntry("warnings", List.of("one instruction could not be decoded"));
        assertThat((List<Object>) call.get("allocations")).containsExactly(
                allocation("dst", Reports.DST.range().addr(), 16, false, "4142434445464748494a4b4c4d4e4f50"),
                allocation("old", Reports.OLD.range().addr(), 16, true, null),
                allocation("str", Reports.STR.range().addr(), 100, false, null));

        List<Map<String, Object>> events = (List<Map<String, Object>>) call.get("events");
        List<AccessEvent> expected = CALL.events().accEvents();
        assertThat(events).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            AccessEvent event = expected.get(i);
            assertThat(events.get(i))
                    .containsEntry("kind", event instanceof AccessEvent.Write ? "write" : "read")
                    .containsEntry("address", "0x" + Long.toHexString(event.range().addr()))
                    .containsEntry("size", event.range().size())
                    .containsEntry("ip", "0x" + Long.toHexString(event.ip()))
                    .containsEntry("instruction", CALL.instruction(event.ip()));
            if (event instanceof AccessEvent.Write write) {
                assertThat(events.get(i)).containsEntry("certain", write.certain());
            } else {
                assertThat(events.get(i)).doesNotContainKey("certain");
            }
        }
        assertThat(events).extracting(e -> e.get("buffer") + "@" + e.get("offset") + " " + e.get("verdict"))
                .containsExactly("dst@0 in bounds", "dst@16 out of bounds", "str@96 benign over-read",
                        "old@0 use after free", "str@0 in bounds", "dst@8 in bounds");
        assertThat(events).extracting(e -> e.get("detail")).containsExactly(null,
                "dst[16, 17) is 1 byte right of the 16-byte buffer `dst`",
                "aligned vector block",
                "old[0, 4) is inside the freed 16-byte buffer `old` (use after free)",
                null, null);
        assertThat(events.get(1)).containsEntry("instruction", "libbuggy.so!fill+0x12");
        assertThat(events.get(0)).containsEntry("instruction", "0x10");
    }

    @Test
    @SuppressWarnings("unchecked")
    void holdsTheJavaFramesAllocationSitesAndEachInstructionOnce() throws IOException {
        Map<String, Object> call = ((List<Map<String, Object>>) written(SamplePages.violation()).get("calls")).get(0);
        assertThat(call.get("javaFrames")).isEqualTo(List.of(
                "dev.tracedffi.samples.buggy.BuggyLibraryTest.lambda$fillWritesOneBytePastTheEnd$0(BuggyLibraryTest.java:44)",
                "dev.tracedffi.samples.buggy.BuggyLibraryTest.fillWritesOneBytePastTheEnd(BuggyLibraryTest.java:43)"));
        assertThat((List<Map<String, Object>>) call.get("allocations")).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("allocatedAt",
                        "dev.tracedffi.samples.buggy.BuggyLibraryTest.fillWritesOneBytePastTheEnd(BuggyLibraryTest.java:41)"));
        assertThat((List<Map<String, Object>>) call.get("instructions")).singleElement().satisfies(i -> assertThat(i)
                .containsEntry("ip", "0x7f3a30001205")
                .containsEntry("text", "mov byte ptr [rdi+rax*1], 0xaa")
                .extractingByKey("nativeStack").asList().hasSize(2));
    }

    @Test
    void escapesAnyText() throws IOException {
        String nasty = "quote \" backslash \\ slash / newline \n tab \t nul \u0000 bell \u0007 "
                + "line sep \u2028 emoji \uD83D\uDE00 lone \uD800 </script>";
        Map<String, Object> json = written(new TestReport("C", nasty, "[engine:x]/[test:" + nasty + "]",
                TestStatus.CRASHED, nasty, List.of(new CallReport(nasty, new MemEvents(List.of()), List.of(),
                List.of(nasty), Map.of()))));
        assertThat(json).containsEntry("displayName", nasty).containsEntry("failure", nasty);
    }

    @Test
    void namesTheTestThatRanAFixture() throws IOException {
        RanBy runner = new RanBy("[engine:junit-jupiter]/[class:com.example.CrashTest]/[method:crashes()]",
                "com.example.CrashTest", "crashes()");
        Map<String, Object> json = written(new TestReport("com.example.CrashTest$Fixture", "crash()", "[engine:x]/[f:1]",
                TestStatus.CRASHED, "SIGSEGV", List.of(), runner));
        assertThat(json.get("ranBy")).isEqualTo(Map.of("uniqueId", runner.uniqueId(), "class", "com.example.CrashTest",
                "displayName", "crashes()"));
    }

    @Test
    void aPassedTestHasNullFailureAndMayHaveNoCalls() throws IOException {
        assertThat(written(Reports.test("C", "ok()", TestStatus.PASSED, null)))
                .containsEntry("failure", null)
                .containsEntry("calls", List.of())
                .containsEntry("status", "passed");
    }

    /** @param after the bytes after the call in hex, null when they were not captured */
    private static Map<String, Object> allocation(String label, long address, long size, boolean freed, String after) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("label", label);
        map.put("address", "0x" + Long.toHexString(address));
        map.put("size", size);
        map.put("freed", freed);
        if (after != null) {
            map.put("after", after);
        }
        return map;
    }
}
