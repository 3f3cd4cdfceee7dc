package dev.tracedffi.junit.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** The libc functions the JNA tests call, bound through a JNA {@code Library} interface. */
public interface JnaLibc extends Library {

    JnaLibc INSTANCE = Native.load("c", JnaLibc.class);

    Pointer memset(Pointer s, int c, long n);

    /** {@code struct tm *gmtime_r(const time_t *timep, struct tm *result)}. */
    Pointer gmtime_r(Pointer timep, Tm result);

    /** glibc's {@code struct tm}: nine ints, then (after 4 bytes of padding) tm_gmtoff and tm_zone. */
    @Structure.FieldOrder({"tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon", "tm_year", "tm_wday", "tm_yday",
            "tm_isdst", "tm_gmtoff", "tm_zone"})
    class Tm extends Structure {
        public int tm_sec;
        public int tm_min;
        public int tm_hour;
        public int tm_mday;
        public int tm_mon;
        public int tm_year;
        public int tm_wday;
        public int tm_yday;
        public int tm_isdst;
        public long tm_gmtoff;
        public Pointer tm_zone;

        public Tm(Pointer memory) {
            super(memory);
        }

        public Tm() {
        }
    }
}
