package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.MemOperand;
import dev.tracedffi.supervisor.x86.StringOp;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes each memory operand of a decoded instruction covers, computed from a thread's registers.
 * String instructions take their element count from rcx before and after (exact once the instruction
 * ran) and their direction from DF; AVX-512 masked accesses are narrowed to the elements whose opmask
 * bit is set.
 */
final class OperandBytes {

    /** Reads the opmask register k{@code index} of the thread the registers belong to. */
    @FunctionalInterface
    interface Opmasks {
        long read(int index);
    }

    /**
     * One memory operand with the bytes it covers; {@code maskResolved} when an AVX-512 opmask was read
     * to narrow a masked access to exactly the elements it touches.
     */
    record Access(MemOperand operand, AccessRange range, boolean maskResolved) {
    }

    private static final int RCX = 1;

    private OperandBytes() {
    }

    /**
     * What {@code insn} touches. Before the instruction ran pass {@code after == before}: a rep string
     * instruction then covers all rcx elements. Gathers and scatters are left out: their element
     * addresses live in a vector register, the fault address covers them.
     */
    static List<Access> of(Instruction insn, Registers before, Registers after, Opmasks opmasks) {
        List<Access> accesses = new ArrayList<>(2);
        if (!insn.known()) {
            return accesses;
        }
        StringOp stringOp = insn.stringOp();
        for (MemOperand op : insn.memOperands()) {
            if (op.vsib()) {
                continue;
            }
            long address = op.effectiveAddress(before);
            long size = op.accessedBytes();
            if (stringOp != null && op.implicit() && isStringRegister(op.base())) {
                size = stringElements(stringOp, before, after) * stringOp.elementSize();
                if (before.directionFlag()) {
                    address = address - size + stringOp.elementSize();
                }
            }
            if (size > 0 && Long.compareUnsigned(address + size, address) < 0) {
                continue; // runs past the end of the address space: a wild pointer, never tracked memory
            }
            if (op.opmask() != 0 && op.access().conditional() && !op.broadcast()) {
                addMaskedElements(accesses, op, address, opmasks.read(op.opmask()));
            } else if (size > 0) {
                accesses.add(new Access(op, new AccessRange(address, size), false));
            }
        }
        return accesses;
    }

    private static boolean isStringRegister(int encoding) {
        return encoding == Registers.RSI || encoding == Registers.RDI;
    }

    /** The runs of elements whose opmask bit is set: the only ones a masked access touches. */
    private static void addMaskedElements(List<Access> accesses, MemOperand op, long address, long mask) {
        int elements = op.size() / op.elementSize();
        int i = 0;
        while (i < elements) {
            if ((mask & (1L << i)) == 0) {
                i++;
                continue;
            }
            int first = i;
            while (i < elements && (mask & (1L << i)) != 0) {
                i++;
            }
            accesses.add(new Access(op, new AccessRange(address + (long) first * op.elementSize(),
                    (long) (i - first) * op.elementSize()), true));
        }
    }

    private static long stringElements(StringOp op, Registers before, Registers after) {
        if (op.rep() == StringOp.Rep.NONE) {
            return 1;
        }
        long rcxBefore = before.gpr(RCX);
        long rcxAfter = after.gpr(RCX);
        return rcxAfter == rcxBefore ? rcxBefore : rcxBefore - rcxAfter;
    }
}
