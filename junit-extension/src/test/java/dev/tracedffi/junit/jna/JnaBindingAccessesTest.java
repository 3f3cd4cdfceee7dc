package dev.tracedffi.junit.jna;

import com.sun.jna.Pointer;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.JnaNativeMemory;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.protocol.AccessRange;
import org.junit.jupiter.api.Test;

import static dev.tracedffi.junit.assertions.TracedFfiJnaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What JNA itself does with a buffer inside a traced call is the binding's doing, as jnr-ffi's accessors
 * are: its {@code Pointer} accessors and a {@code Structure}'s write before and read after the call run in
 * JNA's jnidispatch library. Only the library's own accesses are the call's events.
 */
@TracedFfi
class JnaBindingAccessesTest {

    private static final JnaLibc LIBC = JnaLibc.INSTANCE;

    @Test
    void pointerAccessorsInsideTheCallAreNotEvents(NativeMemory memory, FfiTracer tracer) {
        Pointer buf = memory.jna().allocate("buf", 16);

        TracedCall<Integer> call = tracer.trace("memset", () -> {
            buf.setInt(12, 0x01020304);
            LIBC.memset(buf, 7, 8);
            return buf.getInt(12);
        });

        assertThat(call.result()).isEqualTo(0x01020304);
        assertThat(call).wroteExactly(buf, 0, 8).didNotRead(buf).touchedOnly(buf);
        assertThat(buf.getByteArray(0, 8)).containsOnly(7);
    }

    /**
     * gmtime_r(3) "converts the calendar time timep to broken-down time representation, expressed in UTC",
     * and returns its {@code result} argument. JNA writes every field of the {@code Tm} before the call and
     * reads every field back after it. glibc reads the 8-byte time_t and writes every field but the padding
     * [36, 40); it also reads tm_sec back, adding the leap seconds to it ({@code tp->tm_sec += leap_extra_secs}
     * in __tz_convert, after __offtime filled the struct).
     */
    @Test
    void structureWrittenBeforeAndReadAfterTheCallIsTheBindings(NativeMemory memory, FfiTracer tracer) {
        JnaNativeMemory jna = memory.jna();
        Pointer time = jna.allocate("time", 8);
        long secondsPerDay = 24 * 60 * 60;
        time.setLong(0, 365 * secondsPerDay + 3 * 3600 + 25 * 60 + 7); // 1971-01-01 03:25:07 UTC
        JnaLibc.Tm tm = new JnaLibc.Tm(jna.allocate("tm", new JnaLibc.Tm().size()));

        TracedCall<Pointer> call = tracer.trace("gmtime_r", () -> LIBC.gmtime_r(time, tm));

        assertThat(call.result()).isEqualTo(tm.getPointer());
        Pointer tmStart = tm.getPointer();
        assertThat(call).readExactly(time, 0, 8).didNotWrite(time)
                .readExactly(tmStart, 0, 4).wrote(tmStart, 0, 36).wrote(tmStart, 40, 56).touchedOnly(time, tmStart)
                .events().noneMatch(e -> e.range().overlaps(new AccessRange(Pointer.nativeValue(tmStart) + 36, 4)));
        assertThat(new int[]{tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_yday})
                .containsExactly(71, 0, 1, 3, 25, 7, 0);
        assertThat(tm.tm_wday).as("1971-01-01 was a Friday").isEqualTo(5);
        assertThat(tm.tm_zone.getString(0)).isEqualTo("GMT");
    }
}
