package dev.tracedffi.supervisor.x86;

/**
 * Decodes x86-64 (64-bit mode) instructions into their length and memory operands. Stateless and
 * thread-safe; each thread reuses one scratch {@link Decoding}, so decoding allocates only its result.
 */
public final class X86Decoder {

    private static final ThreadLocal<Decoding> SCRATCH = ThreadLocal.withInitial(Decoding::new);

    private X86Decoder() {
    }

    /**
     * Decodes the instruction at {@code code[offset]}, reading at most {@code available} bytes. Never
     * throws: undecodable bytes give an {@link Instruction} with {@code known() == false} and the
     * length the encoding implies, or 0 if not even that is certain (truncated, invalid, over 15 bytes).
     *
     * @param address the instruction's virtual address, for rip-relative operands and reports
     */
    public static Instruction decode(byte[] code, int offset, int available, long address) {
        if (code == null || offset < 0 || offset >= code.length || available <= 0) {
            return new Instruction(address, new byte[0], false, false, "(unknown)", java.util.List.of(), false, null, null);
        }
        return SCRATCH.get().decode(code, offset, Math.min(available, code.length - offset), address);
    }

    /**
     * The instruction's bytes with {@code op}'s displacement replaced by {@code newDisplacement}, same
     * length, or null when that cannot be done in place: no displacement field (implicit operands,
     * [reg] without displacement), or the value does not fit the field (disp8, or disp8*N not a
     * multiple of N). {@code newDisplacement} is in the units of {@link MemOperand#displacement()}.
     */
    public static byte[] withDisplacement(Instruction insn, MemOperand op, long newDisplacement) {
        return DisplacementRewriter.rewrite(insn, op, newDisplacement);
    }

    /**
     * The instruction's bytes with {@code op} (a ModRM operand) re-encoded with a 32-bit displacement
     * field holding {@code newDisplacement}: up to 4 bytes longer. Null when {@code op} already has a
     * disp32 (use {@link #withDisplacement}), is not a ModRM operand, uses 32-bit addressing, the value
     * does not fit 32 bits, or the result would exceed 15 bytes.
     */
    public static byte[] withDisplacement32(Instruction insn, MemOperand op, long newDisplacement) {
        return DisplacementRewriter.widen(insn, op, newDisplacement);
    }
}
