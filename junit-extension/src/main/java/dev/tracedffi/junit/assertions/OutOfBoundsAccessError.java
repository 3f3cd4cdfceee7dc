package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.StackFrame;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** A traced call accessed memory it had no right to; thrown as soon as the call returns. */
public final class OutOfBoundsAccessError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    private OutOfBoundsAccessError(String message, List<Violation> violations) {
        super(message);
        this.violations = violations;
    }

    /**
     * The error as it arrives in the test JVM from a child: its report, without the violations as
     * objects (see {@link #violations()}).
     */
    public OutOfBoundsAccessError(String message) {
        this(message, List.of());
    }

    /** The report names instructions with {@link Symbolizers#currentProcess()}: call it in the process that made the call. */
    public static OutOfBoundsAccessError of(String callName, List<Violation> violations) {
        return of(callName, violations, Symbolizers.currentProcess());
    }

    /** A report without instructions or Java frames (see {@link #of(String, List, LongFunction, Map, List)}). */
    public static OutOfBoundsAccessError of(String callName, List<Violation> violations, LongFunction<String> symbolizer) {
        return of(callName, violations, symbolizer, Map.of(), List.of());
    }

    /**
     * A report of the first violation as {@link ViolationReport} shapes it, and how many more followed, e.g.
     * <pre>
     * native call `fill` made an out-of-bounds write:
     *   WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
     *     instruction: mov byte ptr [rdi+rax*1], 0x41
     *     #0 0x7f3a1c2e5112 in libbuggy.so!fill+0x12 /src/buggy.c:12 (libbuggy.so+0x1112)
     *     (called from code in anonymous memory at 0x7f3a2c01d4e2 (JIT code?), which has no unwind information)
     *     Java frames of the traced call:
     *       at dev.x.FillTest.fills(FillTest.java:31)
     *     0x7f0000000050 is 1 byte right of the 16-byte region `dst` [0x7f0000000040, 0x7f0000000050)
     *     `dst` was allocated at dev.x.FillTest.fills(FillTest.java:29)
     *   and 2 more violations
     * </pre>
     *
     * @param instructions what the supervisor sent of each instruction ({@code MemEvents.instructionsByIp()})
     * @param javaFrames   the Java frames of the traced call, innermost first
     */
    public static OutOfBoundsAccessError of(String callName, List<Violation> violations, LongFunction<String> symbolizer,
                                            Map<Long, InstructionInfo> instructions, List<StackFrame> javaFrames) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("no violations to report for native call `" + callName + "`");
        }
        Violation first = violations.get(0);
        StringBuilder message = new StringBuilder("native call `").append(callName).append("` ")
                .append(first.kind() == Violation.Kind.USE_AFTER_FREE
                        ? "used freed memory"
                        : "made an out-of-bounds " + (first.isWrite() ? "write" : "read"))
                .append(":\n  ").append(String.join("\n  ",
                        ViolationReport.lines(first, symbolizer, instructions, javaFrames)));
        int more = violations.size() - 1;
        if (more > 0) {
            message.append("\n  and ").append(more).append(more == 1 ? " more violation" : " more violations");
        }
        return new OutOfBoundsAccessError(message.toString(), List.copyOf(violations));
    }

    /** Every violation of the call, the reported one first; empty once the error crossed from a child. */
    public List<Violation> violations() {
        return violations;
    }
}
