package dev.tracedffi.supervisor.unwind;

/** Call-frame information this unwinder does not implement (a rare CFA opcode or DWARF operation). */
final class UnsupportedUnwindInfo extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnsupportedUnwindInfo(String message) {
        super(message);
    }
}
