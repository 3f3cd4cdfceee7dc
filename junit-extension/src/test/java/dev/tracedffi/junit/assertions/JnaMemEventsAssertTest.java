package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static dev.tracedffi.junit.assertions.Arena.DST;
import static dev.tracedffi.junit.assertions.Arena.SRC;
import static dev.tracedffi.junit.assertions.Arena.STR;
import static dev.tracedffi.junit.assertions.Arena.events;
import static dev.tracedffi.junit.assertions.Arena.pointer;
import static dev.tracedffi.junit.assertions.Arena.read;
import static dev.tracedffi.junit.assertions.Arena.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A buffer named by a jnr-ffi pointer, its raw address or a JNA pointer gets the same verdict and message. */
class JnaMemEventsAssertTest {

    /** dst written one byte too far, src read in part. */
    private static final MemEvents EVENTS = events(write(DST, 0, 16, 0x8), write(DST, 16, 17, 0x12), read(SRC, 0, 8, 0x2));

    private static MemEventsAssert jnr() {
        return jnr(EVENTS);
    }

    private static MemEventsAssert jnr(MemEvents events) {
        return TracedFfiAssertions.assertThat(events, Arena.ALL).usingSymbolizer(Arena.SYMBOLS);
    }

    private static JnaMemEventsAssert jna() {
        return jna(EVENTS);
    }

    private static JnaMemEventsAssert jna(MemEvents events) {
        return TracedFfiJnaAssertions.assertThat(events, Arena.ALL).usingSymbolizer(Arena.SYMBOLS);
    }

    private static long address(AllocationInfo buffer) {
        return buffer.range().addr();
    }

    private static com.sun.jna.Pointer jnaPointer(AllocationInfo buffer) {
        return new com.sun.jna.Pointer(address(buffer));
    }

    @Test
    void passingAssertionsPassWithEveryKindOfPointer() {
        MemEvents inBounds = events(write(DST, 0, 16, 0x8), read(SRC, 0, 8, 0x2));
        jnr(inBounds).wroteExactly(pointer(DST), 0, 16).read(pointer(SRC), 0, 8).didNotTouch(pointer(STR))
                .touchedOnly(pointer(DST), pointer(SRC));
        jnr(inBounds).wroteExactly(address(DST), 0, 16).read(address(SRC), 0, 8).didNotTouch(address(STR))
                .touchedOnly(address(DST), address(SRC));
        jna(inBounds).wroteExactly(jnaPointer(DST), 0, 16).readExactly(jnaPointer(SRC), 0, 8).didNotWrite(jnaPointer(SRC))
                .didNotRead(jnaPointer(DST)).didNotTouch(jnaPointer(STR)).touchedOnly(jnaPointer(DST), jnaPointer(SRC))
                .wrote(jnaPointer(DST), 4, 8).read(jnaPointer(SRC), 2, 6);
    }

    @Test
    void exactRangesFailAlike() {
        String message = sameMessage(
                () -> jnr().wroteExactly(pointer(DST), 0, 16),
                () -> jnr().wroteExactly(address(DST), 0, 16),
                () -> jna().wroteExactly(jnaPointer(DST), 0, 16));
        assertThat(message).isEqualTo("""
                Expecting native code to have written exactly dst[0, 16)
                but it wrote dst[0, 17):
                  extra: dst[16, 17)  WRITE of size 1 at libbuggy.so!fill+0x12""");
        sameMessage(() -> jnr().readExactly(pointer(SRC), 0, 32),
                () -> jnr().readExactly(address(SRC), 0, 32),
                () -> jna().readExactly(jnaPointer(SRC), 0, 32));
    }

    @Test
    void atLeastRangesFailAlike() {
        sameMessage(() -> jnr().read(pointer(SRC), 0, 16),
                () -> jnr().read(address(SRC), 0, 16),
                () -> jna().read(jnaPointer(SRC), 0, 16));
        sameMessage(() -> jnr().wrote(pointer(SRC), 0, 1),
                () -> jnr().wrote(address(SRC), 0, 1),
                () -> jna().wrote(jnaPointer(SRC), 0, 1));
    }

    @Test
    void untouchedBuffersFailAlike() {
        sameMessage(() -> jnr().didNotRead(pointer(SRC)),
                () -> jnr().didNotRead(address(SRC)),
                () -> jna().didNotRead(jnaPointer(SRC)));
        sameMessage(() -> jnr().didNotWrite(pointer(DST)),
                () -> jnr().didNotWrite(address(DST)),
                () -> jna().didNotWrite(jnaPointer(DST)));
        String message = sameMessage(() -> jnr().didNotTouch(pointer(DST)),
                () -> jnr().didNotTouch(address(DST)),
                () -> jna().didNotTouch(jnaPointer(DST)));
        assertThat(message).startsWith("Expecting native code not to have touched dst\nbut it touched dst[0, 17):");
    }

    @Test
    void touchedOnlyFailsAlike() {
        String message = sameMessage(() -> jnr().touchedOnly(pointer(DST)),
                () -> jnr().touchedOnly(address(DST)),
                () -> jna().touchedOnly(jnaPointer(DST)));
        assertThat(message).startsWith("Expecting native code to have touched only dst\nbut it also touched:")
                .contains("src[0, 8)");
    }

    @Test
    void aPointerIntoNoBufferIsRefusedAlike() {
        long nowhere = Arena.PAGE + 8192 * 16;
        Throwable byAddress = catchThrowable(() -> jnr().didNotTouch(nowhere));
        assertThat(byAddress).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dst, src");
        assertThat(catchThrowable(() -> jna().didNotTouch(new com.sun.jna.Pointer(nowhere))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(byAddress.getMessage());
    }

    @Test
    void jnasNullPointerIsRefusedWithItsName() {
        assertThatThrownBy(() -> jna().didNotTouch((com.sun.jna.Pointer) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("Pointer.NULL");
    }

    /** The three ways fail with the same type and message; that message. */
    private static String sameMessage(ThrowingCallable byJnr, ThrowingCallable byAddress, ThrowingCallable byJna) {
        Throwable expected = catchThrowable(byJnr);
        assertThat(expected).isInstanceOf(AssertionError.class);
        assertThat(catchThrowable(byAddress)).isInstanceOf(AssertionError.class).hasMessage(expected.getMessage());
        assertThat(catchThrowable(byJna)).isInstanceOf(AssertionError.class).hasMessage(expected.getMessage());
        return expected.getMessage();
    }
}
