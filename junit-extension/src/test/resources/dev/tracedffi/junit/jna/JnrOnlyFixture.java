package withoutjna;

import dev.tracedffi.junit.BufferAddresses;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.junit.assertions.TracedFfiSoftAssertions;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A jnr-ffi user's traced test, compiled and run by WithoutJnaTest on a class path without JNA. */
@TracedFfi
class JnrOnlyFixture {

    public interface Libc {
        Pointer memset(Pointer s, int c, long n);
    }

    private static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");

    @Test
    void jnaIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("com.sun.jna.Pointer")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void memoryTracerAndAssertionsWork(NativeMemory memory, FfiTracer tracer) {
        Pointer s = memory.allocate("s", 32);
        Pointer untouched = memory.allocate("untouched", 8);

        TracedCall<Pointer> call = tracer.trace("memset", () -> LIBC.memset(s, 1, 16));

        assertThat(call).wroteExactly(s, 0, 16).didNotRead(s).touchedOnly(s).didNotTouch(untouched)
                .wroteExactly(s.address(), 0, 16).touchedOnly(s.address());
        assertThatThrownBy(() -> assertThat(call).didNotWrite(s))
                .hasMessageContaining("Expecting native code not to have written s\nbut it wrote s[0, 16)");
        TracedFfiSoftAssertions.assertSoftly(softly -> softly.assertThat(call).wroteExactly(s, 0, 16).didNotRead(s));
        assertThat(BufferAddresses.of(s)).isEqualTo(s.address());
        memory.free(s);
        memory.free(untouched.address());
    }

    @Test
    void theJnaViewSaysWhatIsMissing(NativeMemory memory) {
        assertThatThrownBy(memory::jna).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("net.java.dev.jna:jna");
    }
}
