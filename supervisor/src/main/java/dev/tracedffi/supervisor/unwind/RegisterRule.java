package dev.tracedffi.supervisor.unwind;

/** How a caller's register is recovered from a frame (DWARF 5, 6.4.1). */
sealed interface RegisterRule {

    /** The caller's value cannot be recovered; for the return address it means "outermost frame". */
    record Undefined() implements RegisterRule { }

    /** Not changed by this frame. */
    record SameValue() implements RegisterRule { }

    /** Saved in memory at CFA + offset. */
    record Offset(long offset) implements RegisterRule { }

    /** The value is CFA + offset itself. */
    record ValOffset(long offset) implements RegisterRule { }

    /** Held in another register (DWARF number). */
    record InRegister(int register) implements RegisterRule { }

    /** Saved in memory at the address the expression computes, with the CFA pushed first. */
    record Expression(byte[] expression) implements RegisterRule { }

    /** The value is what the expression computes, with the CFA pushed first. */
    record ValExpression(byte[] expression) implements RegisterRule { }

    RegisterRule UNDEFINED = new Undefined();
    RegisterRule SAME_VALUE = new SameValue();
}
