package dev.tracedffi.junit.assertions;

import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;
import org.junit.jupiter.api.Test;

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
                  and 1 more violation""");
        assertThat(OutOfBoundsAccessError.of("reuse",
                OutOfBoundsPolicy.violations(events(write(OLD, 0, 8, 0x14)), Arena.ALL), Arena.SYMBOLS)).hasMessage("""
                native call `reuse` used freed memory:
                  WRITE of size 8 at libbuggy.so!fill+0x14: old[0, 8) is inside the freed 16-byte buffer `old` (use after free)""");
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
        assertThatIllegalArgumentException().isThrownBy(() -> OutOfBoundsAccessError.of("f", java.util.List.of()));
    }
}
