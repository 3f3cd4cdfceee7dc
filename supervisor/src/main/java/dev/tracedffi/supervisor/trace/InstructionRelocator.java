package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.MemOperand;
import dev.tracedffi.supervisor.x86.X86Decoder;

/**
 * Re-encodes an instruction with one memory operand so that, placed at another address, it touches
 * the operand's bytes plus a fixed delta: the displacement grows by the delta (widened to disp32 when
 * the original has none or a disp8), and a rip-relative operand is re-based for its new address.
 * Every result is decoded again and compared field by field with the original, so an encoding the
 * rewriter got wrong is never executed.
 */
final class InstructionRelocator {

    private InstructionRelocator() {
    }

    /**
     * The bytes of {@code insn} for address {@code at}, with {@code op} (its only memory operand)
     * moved by {@code delta}; null when that cannot be encoded.
     */
    static byte[] relocate(Instruction insn, MemOperand op, long delta, long at) {
        if (op.addressSize() != 64 || op.implicit() || op.vsib()) {
            return null;
        }
        byte[] moved;
        long displacement;
        if (op.ripRelative()) {
            long target = insn.address() + insn.length() + op.displacement() + delta;
            displacement = target - (at + insn.length());
            moved = X86Decoder.withDisplacement(insn, op, displacement);
        } else {
            displacement = op.displacement() + delta;
            moved = X86Decoder.withDisplacement(insn, op, displacement);
            if (moved == null) {
                moved = X86Decoder.withDisplacement32(insn, op, displacement);
            }
        }
        if (moved == null) {
            return null;
        }
        Instruction check = X86Decoder.decode(moved, 0, moved.length, at);
        return check.length() == moved.length && sameButMoved(insn, op, check, displacement) ? moved : null;
    }

    private static boolean sameButMoved(Instruction original, MemOperand op, Instruction moved, long displacement) {
        if (!moved.known() || moved.controlTransfer() || !moved.mnemonic().equals(original.mnemonic()) || moved.memOperands().size() != 1) {
            return false;
        }
        MemOperand m = moved.memOperands().get(0);
        return m.access() == op.access() && m.size() == op.size() && m.elementSize() == op.elementSize()
                && m.segment() == op.segment() && m.base() == op.base() && m.index() == op.index()
                && m.scale() == op.scale() && m.addressSize() == op.addressSize() && m.vsib() == op.vsib()
                && m.implicit() == op.implicit() && m.broadcast() == op.broadcast()
                && m.displacement() == displacement;
    }
}
