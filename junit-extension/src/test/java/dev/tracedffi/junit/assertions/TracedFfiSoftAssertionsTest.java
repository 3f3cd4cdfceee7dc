package dev.tracedffi.junit.assertions;

import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.protocol.MemEvents;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.MultipleFailuresError;

import java.util.List;

import static dev.tracedffi.junit.assertions.Arena.DST;
import static dev.tracedffi.junit.assertions.Arena.SRC;
import static dev.tracedffi.junit.assertions.Arena.events;
import static dev.tracedffi.junit.assertions.Arena.pointer;
import static dev.tracedffi.junit.assertions.Arena.read;
import static dev.tracedffi.junit.assertions.Arena.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(SoftAssertionsExtension.class)
class TracedFfiSoftAssertionsTest {

    private static final MemEvents OVERFLOW = events(write(DST, 0, 17, 0x12), read(SRC, 0, 8, 0x4));

    @InjectSoftAssertions
    private TracedFfiSoftAssertions injected;

    @Test
    void collectsEveryFailureIncludingThoseOfNavigatedListAssertions() {
        Throwable thrown = catchThrowable(() -> TracedFfiSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(OVERFLOW, Arena.ALL).usingSymbolizer(Arena.SYMBOLS)
                    .wroteExactly(pointer(DST), 0, 16)
                    .readExactly(pointer(SRC), 0, 32)
                    .hasNoOutOfBoundsAccess()
                    .hasEventCount(2);
            softly.assertThat(OVERFLOW, Arena.ALL).events().hasSize(3);
            softly.assertThat(OVERFLOW, Arena.ALL).certainWrites().isEmpty();
            softly.assertThat("standard assertions still work").startsWith("x");
        }));

        assertThat(thrown).isInstanceOf(MultipleFailuresError.class);
        assertThat(((MultipleFailuresError) thrown).getFailures())
                .extracting(Throwable::getMessage)
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("Expecting native code to have written exactly dst[0, 16)"),
                        m -> assertThat(m).startsWith("Expecting native code to have read exactly src[0, 32)"),
                        m -> assertThat(m).startsWith("Expecting native code to have made no out-of-bounds access"),
                        m -> assertThat(m).contains("Expected size: 3 but was: 2"),
                        m -> assertThat(m).contains("Expecting empty but was"),
                        m -> assertThat(m).contains("to start with"));
    }

    @Test
    void tracedCallsToo() {
        TracedCall<Void> call = TracedCall.traced("fill", null, OVERFLOW, List.of(DST, SRC));
        TracedFfiSoftAssertions softly = new TracedFfiSoftAssertions();
        softly.assertThat(call).usingSymbolizer(Arena.SYMBOLS).didNotWrite(pointer(DST)).didNotRead(pointer(SRC));
        // soft assertions append the line of the failing assertion
        assertThat(softly.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).startsWith("""
                        Expecting native code not to have written dst
                        but it wrote dst[0, 17):
                          dst[0, 17)  WRITE of size 17 at libbuggy.so!fill+0x12
                        at TracedFfiSoftAssertionsTest.tracedCallsToo"""),
                m -> assertThat(m).startsWith("""
                        Expecting native code not to have read src
                        but it read src[0, 8):
                          src[0, 8)  READ of size 8 at libbuggy.so!fill+0x4
                        at TracedFfiSoftAssertionsTest.tracedCallsToo"""));
    }

    @Test
    void injectedByAssertJsExtension() {
        injected.assertThat(OVERFLOW, Arena.ALL).wrote(pointer(DST), 0, 16).read(pointer(SRC), 0, 8).hasOutOfBoundsWrite();
        assertThat(injected.errorsCollected()).isEmpty();
    }
}
