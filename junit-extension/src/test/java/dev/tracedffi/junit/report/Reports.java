package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built buffers and a call over them that does a bit of everything. */
final class Reports {

    static final long PAGE = 0x7f00_0001_0000L;
    static final AllocationInfo DST = new AllocationInfo("dst", new AccessRange(PAGE + 64, 16), false);
    static final AllocationInfo OLD = new AllocationInfo("old", new AccessRange(PAGE + 192, 16), true);
    static final AllocationInfo STR = new AllocationInfo("str", new AccessRange(PAGE + 320, 100), false);

    static final AccessEvent FILL = write(DST, 0, 16, 0x10, true);
    static final AccessEvent OVERFLOW = write(DST, 16, 17, 0x12, true);
    static final AccessEvent STRLEN = read(STR, 96, 128, 0x20);
    static final AccessEvent USE_AFTER_FREE = read(OLD, 0, 4, 0x30);
    static final AccessEvent MASKED = write(STR, 0, 8, 0x40, false);
    static final AccessEvent REREAD = read(DST, 8, 16, 0x50);

    /** What fill left in dst: 'A'..'P'. */
    static final byte[] DST_AFTER = "ABCDEFGHIJKLMNOP".getBytes(StandardCharsets.US_ASCII);

    static final CallReport CALL = new CallReport("fill",
            new MemEvents(List.of(FILL, OVERFLOW, STRLEN, USE_AFTER_FREE, MASKED, REREAD)),
            List.of(DST, OLD, STR), List.of("one instruction could not be decoded"),
            Map.of(0x12L, "libbuggy.so!fill+0x12", 0x20L, "libc.so.6!__strlen_avx2+0x3d"),
            Map.of(DST.range().addr(), DST_AFTER));

    static final long MIB = 1 << 20;
    static final AllocationInfo BIG = new AllocationInfo("big", new AccessRange(PAGE + 64, MIB), false);

    private Reports() {
    }

    /** What glibc's AVX2 memset does to 1 MiB: 32 Ki stores of 32 bytes; then one byte written past the end. */
    static CallReport memsetWithOverflow() {
        List<AccessEvent> events = new ArrayList<>();
        for (long offset = 0; offset < MIB; offset += 32) {
            events.add(write(BIG, offset, offset + 32, 0x100, true));
        }
        events.add(write(BIG, MIB, MIB + 1, 0x200, true));
        return new CallReport("memset", new MemEvents(events), List.of(BIG), List.of(), Map.of(0x100L, "libc.so.6!memset"));
    }

    static TestReport test(String className, String displayName, TestStatus status, String failure, CallReport... calls) {
        return new TestReport(className, displayName, "[engine:junit-jupiter]/[class:" + className + "]/[method:"
                + displayName + "]", status, failure, List.of(calls));
    }

    static AccessEvent.Read read(AllocationInfo buffer, long from, long to, long ip) {
        return new AccessEvent.Read(bytes(buffer, from, to), ip);
    }

    static AccessEvent.Write write(AllocationInfo buffer, long from, long to, long ip, boolean certain) {
        return new AccessEvent.Write(bytes(buffer, from, to), certain, ip);
    }

    private static AccessRange bytes(AllocationInfo buffer, long from, long to) {
        return new AccessRange(buffer.range().addr() + from, to - from);
    }
}
