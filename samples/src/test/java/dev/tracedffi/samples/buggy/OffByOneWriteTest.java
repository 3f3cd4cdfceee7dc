package dev.tracedffi.samples.buggy;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import dev.tracedffi.junit.assertions.OutOfBoundsAccessError;
import dev.tracedffi.protocol.StackFrame;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * libbuggy's {@code fill} writes n + 1 bytes into an n-byte buffer. Every buffer from {@link NativeMemory}
 * is surrounded by redzones, so the one stray byte is seen, attributed to the buffer it overflows, and
 * reported with the instruction that wrote it.
 */
@RequiresLibBuggy
class OffByOneWriteTest {

    /**
     * By default a traced call that writes out of bounds fails at once with an {@code OutOfBoundsAccessError}.
     * {@code failOnOutOfBounds = false} lets the call return, so the test can assert on the overflow itself.
     */
    @Test
    @TracedFfi(failOnOutOfBounds = false)
    void fillWritesOneBytePastTheEnd(NativeMemory memory, FfiTracer tracer) {
        Buggy buggy = Buggy.load();
        Pointer dst = memory.allocate("dst", 16);

        TracedCall<Void> call = tracer.trace("fill", () -> {
            buggy.fill(dst, 16);
            return null;
        });

        assertThat(call).hasOutOfBoundsWrite().wroteExactly(dst, 0, 17);
    }

    /** Each buffer knows the line that allocated it, and each traced call the test's frames that made it. */
    @Test
    @TracedFfi(failOnOutOfBounds = false)
    void buffersKnowTheirAllocationLineAndCallsTheirJavaFrames(NativeMemory memory, FfiTracer tracer) {
        Buggy buggy = Buggy.load();
        Pointer dst = memory.allocate("dst", 16); StackTraceElement allocatedHere = here();

        TracedCall<Void> call = tracer.trace("fill", () -> { buggy.fill(dst, 16); return null; }); StackTraceElement calledHere = here();

        assertThat(call.allocations()).singleElement().satisfies(buffer ->
                assertThat(buffer.allocatedAt()).isEqualTo(StackFrame.of(allocatedHere)));
        assertThat(call.javaFrames()).isNotEmpty();
        assertThat(call.javaFrames().get(0)).isEqualTo(StackFrame.of(calledHere));
        assertThat(call.javaFrames()).noneMatch(frame -> frame.className().startsWith("org.junit.")
                || frame.className().startsWith("dev.tracedffi.junit."));
    }

    /**
     * The same call in a test that does not expect the bug: that test fails, with a report in the shape
     * AddressSanitizer prints: the access, the instruction, the native stack with source lines (libbuggy is
     * built with -g), the Java frames of the call, the address and the buffer's bounds, and the line that
     * allocated the buffer.
     */
    @Test
    void byDefaultTheOverflowFailsTheTestWithItsReport() throws Exception {
        Throwable failure = FixtureRuns.onlyFailure(FixtureRuns.run(UnawareOfTheBug.class));

        assertThat(failure).isInstanceOf(OutOfBoundsAccessError.class)
                .hasMessageContaining("native call `fill` made an out-of-bounds write")
                .hasMessageContaining("WRITE of size 1 at libbuggy.so!fill+0x")
                .hasMessageContaining("dst[16, 17) is 1 byte right of the 16-byte buffer `dst`")
                .hasMessageContaining("    instruction: mov byte ptr [");
        // the fixture allocates dst and calls fill on one line: the error's own stack trace names it
        StackTraceElement fixtureLine = Arrays.stream(failure.getStackTrace())
                .filter(e -> e.getMethodName().equals("fillsASixteenByteBuffer")).findFirst().orElseThrow();
        assertThat(failure.getMessage())
                .contains("    Java frames of the traced call:\n      at " + fixtureLine + "\n")
                .containsPattern("    0x[0-9a-f]+ is 1 byte right of the 16-byte region `dst` \\[0x[0-9a-f]+, 0x[0-9a-f]+\\)\n")
                .endsWith("    `dst` was allocated at " + fixtureLine);

        Matcher frame0 = Pattern.compile("    #0 0x[0-9a-f]+ in libbuggy\\.so!fill\\+0x[0-9a-f]+ (\\S+) \\(libbuggy\\.so\\+0x([0-9a-f]+)\\)")
                .matcher(failure.getMessage());
        assertThat(frame0.find()).as(failure.getMessage()).isTrue();
        assertThat(frame0.group(1)).isEqualTo(addr2line(frame0.group(2)));
    }

    @TracedFfi
    static class UnawareOfTheBug {
        @Test
        void fillsASixteenByteBuffer(NativeMemory memory, FfiTracer tracer) {
            Buggy buggy = tracer.traced(Buggy.class, Buggy.load()); // traces the methods annotated @Traced
            buggy.fill(memory.allocate("dst", 16), 16);
        }
    }

    private static StackTraceElement here() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().toStackTraceElement();
    }

    /** binutils' {@code file:line} of an address of libbuggy.so. */
    private static String addr2line(String hexAddress) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/addr2line")), "addr2line (binutils) is not installed");
        Process process = new ProcessBuilder("/usr/bin/addr2line", "-e", System.getProperty(Buggy.LIBRARY_PROPERTY),
                "0x" + hexAddress).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return line.replaceAll(" \\(discriminator \\d+\\)", "");
        } finally {
            process.destroyForcibly();
        }
    }
}
