package dev.tracedffi.samples.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** The libc functions the JNA samples test, declared the way any JNA user declares them. */
public interface JnaLibc extends Library {

    JnaLibc INSTANCE = Native.load("c", JnaLibc.class);

    Pointer memset(Pointer s, int c, long n);

    long strlen(Pointer s);

    /** {@code struct tm *gmtime_r(const time_t *timep, struct tm *result)} */
    Pointer gmtime_r(Pointer timep, Tm result);

    /** {@code time_t timegm(struct tm *tm)} */
    long timegm(Tm tm);

    /**
     * glibc's {@code struct tm} (time.h), passed by reference: JNA writes the fields to native memory before
     * the call and reads them back after it. Nine ints, 4 bytes of padding, then tm_gmtoff and tm_zone.
     */
    @Structure.FieldOrder({"tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon", "tm_year", "tm_wday", "tm_yday",
            "tm_isdst", "tm_gmtoff", "tm_zone"})
    class Tm extends Structure {
        /** Where the padding between tm_isdst and tm_gmtoff starts, and where tm_gmtoff does. */
        public static final int PADDING = 36;
        public static final int GMTOFF = 40;

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

        /** A {@code struct tm} in {@code memory}, e.g. a tracked buffer of {@link #size()} bytes. */
        public Tm(Pointer memory) {
            super(memory);
        }

        public Tm() {
        }
    }
}
