package dev.tracedffi.junit.assertions;

import java.util.List;
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

    /**
     * A report of the first violation and how many more followed, e.g.
     * <pre>
     * native call `fill` made an out-of-bounds write:
     *   WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
     *   and 2 more violations
     * </pre>
     */
    public static OutOfBoundsAccessError of(String callName, List<Violation> violations, LongFunction<String> symbolizer) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("no violations to report for native call `" + callName + "`");
        }
        Violation first = violations.get(0);
        StringBuilder message = new StringBuilder("native call `").append(callName).append("` ")
                .append(first.kind() == Violation.Kind.USE_AFTER_FREE
                        ? "used freed memory"
                        : "made an out-of-bounds " + (first.isWrite() ? "write" : "read"))
                .append(":\n  ").append(first.describe(symbolizer));
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
