package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.StackFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A violation in the shape AddressSanitizer prints one: the access, the instruction in Intel syntax, the
 * native stack at the instruction's first access, the Java frames of the traced call, where the access
 * landed with addresses, and the line that allocated the buffer:
 * <pre>
 * WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
 *   instruction: mov byte ptr [rdi+rax*1], 0x41
 *   #0 0x7f3a1c2e5112 in libbuggy.so!fill+0x12 /src/buggy.c:12 (libbuggy.so+0x1112)
 *   (called from code in anonymous memory at 0x7f3a2c01d4e2 (JIT code?), which has no unwind information)
 *   Java frames of the traced call:
 *     at dev.x.FillTest.fills(FillTest.java:31)
 *   0x7f0000000050 is 1 byte right of the 16-byte region `dst` [0x7f0000000040, 0x7f0000000050)
 *   `dst` was allocated at dev.x.FillTest.fills(FillTest.java:29)
 * </pre>
 * Parts the call did not record (an instruction not unwound, a buffer of unknown origin) are left out.
 */
public final class ViolationReport {

    private ViolationReport() {
    }

    /**
     * @param instructions what the supervisor sent of each instruction, by ip
     * @param javaFrames   the Java frames of the traced call, innermost first
     */
    public static List<String> lines(Violation violation, LongFunction<String> symbolizer,
                                     Map<Long, InstructionInfo> instructions, List<StackFrame> javaFrames) {
        List<String> lines = new ArrayList<>();
        lines.add(violation.describe(symbolizer));
        InstructionInfo instruction = instructions.get(violation.event().ip());
        if (instruction != null) {
            if (!instruction.text().isEmpty()) {
                lines.add("  instruction: " + instruction.text());
            }
            instruction.nativeStack().forEach(line -> lines.add("  " + line));
        }
        if (!javaFrames.isEmpty()) {
            lines.add("  Java frames of the traced call:");
            javaFrames.forEach(frame -> lines.add("    at " + frame.toStackTraceElement()));
        }
        lines.add("  " + violation.region());
        violation.nearestBuffer().flatMap(buffer -> buffer.allocationSite()
                        .map(site -> "  `" + buffer.label() + "` was allocated at " + site.toStackTraceElement()))
                .ifPresent(lines::add);
        return lines;
    }
}
