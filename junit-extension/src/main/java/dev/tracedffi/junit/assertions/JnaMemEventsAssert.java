package dev.tracedffi.junit.assertions;

import com.sun.jna.Pointer;
import dev.tracedffi.junit.BufferAddresses;
import dev.tracedffi.protocol.MemEvents;

/**
 * {@link MemEventsAssert} that also names buffers by JNA pointers ({@code NativeMemory.jna()} hands them
 * out), with the same messages. Start from {@link TracedFfiJnaAssertions}. It is a class of its own so
 * that nothing a test without JNA loads or reflects on (AssertJ's soft assertion proxies do) names a JNA
 * type.
 */
public class JnaMemEventsAssert extends AbstractMemEventsAssert<JnaMemEventsAssert> {

    /** Buffers are looked up in the live arena of this child, as {@link MemEventsAssert#MemEventsAssert} does. */
    public JnaMemEventsAssert(MemEvents actual) {
        super(actual, JnaMemEventsAssert.class);
    }

    /** The bytes read in {@code buf} (and around it) are exactly {@code [from, to)}. */
    public JnaMemEventsAssert readExactly(Pointer buf, long from, long to) {
        return readExactly(BufferAddresses.ofJna(buf), from, to);
    }

    /** The bytes written in {@code buf} (and around it) are exactly {@code [from, to)}. */
    public JnaMemEventsAssert wroteExactly(Pointer buf, long from, long to) {
        return wroteExactly(BufferAddresses.ofJna(buf), from, to);
    }

    /** Every byte of {@code [from, to)} of {@code buf} was read, maybe more. */
    public JnaMemEventsAssert read(Pointer buf, long from, long to) {
        return read(BufferAddresses.ofJna(buf), from, to);
    }

    /** Every byte of {@code [from, to)} of {@code buf} was written, maybe more. */
    public JnaMemEventsAssert wrote(Pointer buf, long from, long to) {
        return wrote(BufferAddresses.ofJna(buf), from, to);
    }

    /** No byte of {@code buf} or around it was read. */
    public JnaMemEventsAssert didNotRead(Pointer buf) {
        return didNotRead(BufferAddresses.ofJna(buf));
    }

    /** No byte of {@code buf} or around it was written. */
    public JnaMemEventsAssert didNotWrite(Pointer buf) {
        return didNotWrite(BufferAddresses.ofJna(buf));
    }

    /** No byte of {@code buf} or around it was read or written. */
    public JnaMemEventsAssert didNotTouch(Pointer buf) {
        return didNotTouch(BufferAddresses.ofJna(buf));
    }

    /** Every access stayed inside {@code first} and {@code more}: none anywhere else, redzones included. */
    public JnaMemEventsAssert touchedOnly(Pointer first, Pointer... more) {
        long[] addresses = new long[more.length + 1];
        addresses[0] = BufferAddresses.ofJna(first);
        for (int i = 0; i < more.length; i++) {
            addresses[i + 1] = BufferAddresses.ofJna(more[i]);
        }
        return touchedOnlyAt(addresses);
    }
}
