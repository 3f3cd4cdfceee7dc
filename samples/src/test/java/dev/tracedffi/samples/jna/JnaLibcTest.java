package dev.tracedffi.samples.jna;

import com.sun.jna.Pointer;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.JnaNativeMemory;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.protocol.AccessRange;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import static dev.tracedffi.junit.assertions.TracedFfiJnaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same kind of tests as the jnr-ffi samples, with libc bound through JNA: {@code memory.jna()} hands
 * out the tracked buffers as JNA pointers and {@code TracedFfiJnaAssertions} takes them. What JNA itself
 * does with the memory (its {@code Pointer} accessors, a {@code Structure}'s write before the call and read
 * after it) runs in JNA's native library and is the binding's doing, not the call's events.
 */
@TracedFfi
class JnaLibcTest {

    private static final JnaLibc LIBC = JnaLibc.INSTANCE;

    /** memset(3): "fills the first n bytes of the memory area pointed to by s with the constant byte c". */
    @Test
    void memsetWritesTheFirstNBytesAndReadsNothing(NativeMemory memory, FfiTracer tracer) {
        Pointer s = memory.jna().allocate("s", 64);

        TracedCall<Pointer> call = tracer.trace("memset", () -> LIBC.memset(s, 0xab, 40));

        assertThat(call).wroteExactly(s, 0, 40).didNotRead(s).touchedOnly(s);
        assertThat(call.result()).as("memset returns s").isEqualTo(s);
        byte[] expected = new byte[64];
        Arrays.fill(expected, 0, 40, (byte) 0xab);
        assertThat(s.getByteArray(0, 64)).isEqualTo(expected);
    }

    /** strlen(3), as in the jnr-ffi sample: at least the string and its NUL, plus benign over-reads. */
    @Test
    void strlenReadsTheStringAndItsNul(NativeMemory memory, FfiTracer tracer) {
        Pointer s = memory.jna().allocateString("hello, JNA");

        TracedCall<Long> call = tracer.trace("strlen", () -> LIBC.strlen(s));

        assertThat(call.result()).isEqualTo("hello, JNA".length());
        assertThat(call).read(s, 0, 11).didNotWrite(s).hasNoOutOfBoundsAccess();
    }

    /**
     * gmtime_r(3) "converts the calendar time timep to broken-down time representation, expressed in
     * Coordinated Universal Time (UTC)" and "stores the data in a user-supplied struct", which it returns.
     * The {@code Tm} is passed by reference: JNA writes all its fields before the call and reads them back
     * after it, and none of that is an event. What glibc does: it reads the 8-byte time_t, writes every field
     * (not the padding), and reads tm_sec back once to add the leap seconds ({@code tp->tm_sec +=
     * leap_extra_secs} in __tz_convert, after __offtime filled the struct).
     */
    @Test
    void gmtimeReadsTheTimeAndWritesEveryFieldOfTheStruct(NativeMemory memory, FfiTracer tracer) {
        JnaNativeMemory jna = memory.jna();
        LocalDateTime moment = LocalDateTime.of(2024, 2, 29, 13, 14, 15);
        Pointer time = jna.allocate("time", Long.BYTES);
        time.setLong(0, moment.toEpochSecond(ZoneOffset.UTC));
        JnaLibc.Tm tm = new JnaLibc.Tm(jna.allocate("tm", new JnaLibc.Tm().size()));

        TracedCall<Pointer> call = tracer.trace("gmtime_r", () -> LIBC.gmtime_r(time, tm));

        Pointer tmBytes = tm.getPointer();
        assertThat(call.result()).isEqualTo(tmBytes);
        assertThat(call)
                .readExactly(time, 0, Long.BYTES).didNotWrite(time)
                .readExactly(tmBytes, 0, Integer.BYTES)
                .wrote(tmBytes, 0, JnaLibc.Tm.PADDING).wrote(tmBytes, JnaLibc.Tm.GMTOFF, tm.size())
                .touchedOnly(time, tmBytes)
                .events().noneMatch(e -> e.range().overlaps(padding(tm)));
        assertThat(new int[]{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec})
                .containsExactly(moment.getYear(), moment.getMonthValue(), moment.getDayOfMonth(),
                        moment.getHour(), moment.getMinute(), moment.getSecond());
        assertThat(tm.tm_wday).isEqualTo(moment.getDayOfWeek().getValue() % 7); // 0 is Sunday
        assertThat(tm.tm_yday).isEqualTo(moment.getDayOfYear() - 1);
        assertThat(tm.tm_isdst).isZero();
        assertThat(tm.tm_gmtoff).isZero();
    }

    private static AccessRange padding(JnaLibc.Tm tm) {
        return new AccessRange(Pointer.nativeValue(tm.getPointer()) + JnaLibc.Tm.PADDING,
                JnaLibc.Tm.GMTOFF - JnaLibc.Tm.PADDING);
    }
}
