package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.StackFrame;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.tracedffi.junit.assertions.Arena.DST;
import static dev.tracedffi.junit.assertions.Arena.OLD;
import static dev.tracedffi.junit.assertions.Arena.events;
import static dev.tracedffi.junit.assertions.Arena.read;
import static dev.tracedffi.junit.assertions.Arena.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OutOfBoundsAccessErrorTest {

    @Test
    void reportsTheFirstViolationAndCountsTheOthers() {
        var violations = OutOfBoundsPolicy.violations(
                events(write(DST, 16, 17, 0x12), read(DST, -3, -2, 0x13), read(OLD, 0, 4, 0x14)), Arena.ALL);
        OutOfBoundsAccessError error = OutOfBoundsAccessError.of("fill", violations, Arena.SYMBOLS);
        assertThat(error).isInstanceOf(AssertionError.class).hasMessage("""
                native call `fill` made an out-of-bounds write:
                  WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
                    0x7f0000010050 is 1 byte right of the 16-byte region `dst` [0x7f0000010040, 0x7f0000010050)
                  and 2 more violations""");
        assertThat(error.violations()).isEqualTo(violations);
    }

    @Test
    void namesReadsAndUsesAfterFree() {
        assertThat(OutOfBoundsAccessError.of("scan",
                OutOfBoundsPolicy.violations(events(read(DST, -3, -2, 0x13), write(DST, 16, 17, 0x12)), Arena.ALL),
                Arena.SYMBOLS)).hasMessage("""
                native call `scan` made an out-of-bounds read:
                  READ of size 1 at libbuggy.so!fill+0x13: dst[-3, -2) is 3 bytes left of the 16-byte buffer `dst`
                    0x7f000001003d is 3 bytes left of the 16-byte region `dst` [0x7f0000010040, 0x7f0000010050)
                  and 1 more violation""");
        assertThat(OutOfBoundsAccessError.of("reuse",
                OutOfBoundsPolicy.violations(events(write(OLD, 0, 8, 0x14)), Arena.ALL), Arena.SYMBOLS)).hasMessage("""
                native call `reuse` used freed memory:
                  WRITE of size 8 at libbuggy.so!fill+0x14: old[0, 8) is inside the freed 16-byte buffer `old` (use after free)
                    0x7f0000010140 is 0 bytes inside the freed 16-byte region `old` [0x7f0000010140, 0x7f0000010150)""");
    }

    @Test
    void showsTheInstructionTheStacksAndWhereTheBufferWasAllocatedAsAddressSanitizerDoes() {
        StackFrame allocatedAt = new StackFrame("dev.x.FillTest", "fills", "FillTest.java", 29);
        AllocationInfo dst = new AllocationInfo("dst", DST.range(), false, allocatedAt);
        var violations = OutOfBoundsPolicy.violations(events(write(dst, 16, 17, 0x12)), List.of(dst));
        InstructionInfo instruction = new InstructionInfo(0x12, "mov byte ptr [rdi+rax*1], 0x41", List.of(
                "#0 0x12 in libbuggy.so!fill+0x12 /src/buggy.c:12 (libbuggy.so+0x1112)", "(called from JVM code)"));
        List<StackFrame> javaFrames = List.of(new StackFrame("dev.x.FillTest", "lambda$fills$0", "FillTest.java", 32),
                new StackFrame("dev.x.FillTest", "fills", "FillTest.java", 31));

        assertThat(OutOfBoundsAccessError.of("fill", violations, Arena.SYMBOLS, Map.of(0x12L, instruction), javaFrames))
                .hasMessage("""
                native call `fill` made an out-of-bounds write:
                  WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
                    instruction: mov byte ptr [rdi+rax*1], 0x41
                    #0 0x12 in libbuggy.so!fill+0x12 /src/buggy.c:12 (libbuggy.so+0x1112)
                    (called from JVM code)
                    Java frames of the traced call:
                      at dev.x.FillTest.lambda$fills$0(FillTest.java:32)
                      at dev.x.FillTest.fills(FillTest.java:31)
                    0x7f0000010050 is 1 byte right of the 16-byte region `dst` [0x7f0000010040, 0x7f0000010050)
                    `dst` was allocated at dev.x.FillTest.fills(FillTest.java:29)""");
    }

    @Test
    void symbolizesWithThisProcessByDefault() {
        var violations = OutOfBoundsPolicy.violations(events(write(DST, 16, 17, 0x12)), Arena.ALL);
        String symbol = new Symbolizer().symbolize(ProcMaps.of(ProcessHandle.current().pid()), 0x12);
        assertThat(OutOfBoundsAccessError.of("fill", violations))
                .hasMessageContaining("WRITE of size 1 at " + symbol + ": dst[16, 17)");
    }

    @Test
    void thereMustBeSomethingToReport() {
        assertThatIllegalArgumentException().isThrownBy(() -> OutOfBoundsAccessError.of("f", List.of()));
    }
}
