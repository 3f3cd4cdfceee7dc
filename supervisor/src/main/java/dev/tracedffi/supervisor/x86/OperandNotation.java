package dev.tracedffi.supervisor.x86;

import java.util.List;

/**
 * The one-line operand summary of Audit's dump: {@code R:4}, {@code W:8 R:8}, {@code CW:64}; {@code -}
 * for no memory operand, {@code ?} for an unknown instruction. Sizes are the bytes one execution may
 * touch ({@link MemOperand#accessedBytes()}: one element for a broadcast).
 */
public final class OperandNotation {

    private OperandNotation() {
    }

    public static String of(Instruction insn) {
        if (!insn.known()) {
            return "?";
        }
        List<MemOperand> operands = insn.memOperands();
        if (operands.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (MemOperand op : operands) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(abbreviation(op.access())).append(':').append(op.accessedBytes());
        }
        return out.toString();
    }

    static String abbreviation(Access access) {
        return switch (access) {
            case READ -> "R";
            case WRITE -> "W";
            case READ_WRITE -> "RW";
            case COND_READ -> "CR";
            case COND_WRITE -> "CW";
        };
    }
}
