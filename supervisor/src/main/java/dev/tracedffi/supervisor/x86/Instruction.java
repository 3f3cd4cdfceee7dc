package dev.tracedffi.supervisor.x86;

import java.util.List;

/** One decoded instruction. Immutable. */
public final class Instruction {

    private final long address;
    private final byte[] bytes;
    private final boolean known;
    private final boolean invalid;
    private final String mnemonic;
    private final List<MemOperand> memOperands;
    private final boolean controlTransfer;
    private final StringOp stringOp;
    private final Encoding encoding;

    Instruction(long address, byte[] bytes, boolean known, boolean invalid, String mnemonic, List<MemOperand> memOperands,
                boolean controlTransfer, StringOp stringOp, Encoding encoding) {
        this.address = address;
        this.bytes = bytes;
        this.known = known;
        this.invalid = invalid;
        this.mnemonic = mnemonic;
        this.memOperands = memOperands;
        this.controlTransfer = controlTransfer;
        this.stringOp = stringOp;
        this.encoding = encoding;
    }

    /** The operand fields of the encoding, for printing; null when the bytes are invalid or truncated. */
    public Encoding encoding() {
        return encoding;
    }

    /** Bytes of the instruction; for an unknown one the length if the encoding fixes it, else 0. */
    public int length() {
        return bytes.length;
    }

    /** False when the decoder is not certain of the memory operands: the tracer must not guess. */
    public boolean known() {
        return known;
    }

    /**
     * The CPU raises #UD for these bytes in 64-bit mode (lock on a non-lockable instruction, a prefix
     * before VEX/EVEX, reserved EVEX bits, AMD-only 3DNow!/XOP, opcodes removed in 64-bit mode): they
     * never execute, so they never access memory. Implies {@code known() == false}.
     */
    public boolean invalid() {
        return invalid;
    }

    public long address() {
        return address;
    }

    /** Explicit operands in Intel operand order, then implicit ones. Empty for lea, nop m, prefetch. */
    public List<MemOperand> memOperands() {
        return memOperands;
    }

    /**
     * jmp, jcc, call, ret, loop*, jrcxz, int/int3/int1, ud2, xbegin/xabort: anything that may not
     * continue at the next instruction. syscall is not one: it returns to the next instruction.
     */
    public boolean controlTransfer() {
        return controlTransfer;
    }

    /** The string instruction's shape, or null if this is not movs/stos/lods/cmps/scas/ins/outs. */
    public StringOp stringOp() {
        return stringOp;
    }

    /** Best effort, for reports: "mov", "vmovdqu", "rep stos"; "(unknown)" when not decoded. */
    public String mnemonic() {
        return mnemonic;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Instruction byte at {@code i} without copying. */
    public int byteAt(int i) {
        return bytes[i] & 0xFF;
    }

    @Override
    public String toString() {
        return Long.toHexString(address) + " " + mnemonic + " len=" + bytes.length + (invalid ? " invalid" : known ? "" : " unknown")
                + " " + memOperands;
    }
}
