package dev.tracedffi.supervisor.x86;

/**
 * One memory operand of a decoded instruction, explicit or implicit (stack slot, string rsi/rdi).
 *
 * @param access             how the instruction touches it
 * @param size               bytes of the full operand; for a broadcast the vector width it fills,
 *                           for VSIB all elements together ({@link #accessedBytes()} is what memory sees)
 * @param elementSize        bytes per element; equals size unless masked, broadcast or VSIB
 * @param segment            FS or GS add their base; every other segment is flat
 * @param base               -1 none, 0..15 GPR in encoding order, {@link #RIP} for rip-relative
 * @param index              -1 none, GPR 0..15, {@link #INDEX_AL} (xlat), or the vector register number
 *                           when {@code vsib}
 * @param scale              1, 2, 4 or 8
 * @param displacement       sign-extended displacement (already multiplied by dispScale), or the
 *                           absolute address of a moffs form
 * @param displacementOffset offset of the displacement field within the instruction, -1 if none
 * @param displacementSize   0, 1, 4, or 8 (moffs)
 * @param dispScale          N of EVEX compressed disp8*N, else 1: the stored byte is displacement/N
 * @param addressSize        64, or 32 under an 0x67 prefix (the address wraps at 4 GiB)
 * @param vsib               index is a vector register: a gather or scatter
 * @param vsibElements       elements a gather/scatter touches at most, 0 unless vsib
 * @param implicit           not written in the instruction (push/pop/call/ret slots, string operands)
 * @param broadcast          EVEX embedded broadcast: one element is read and repeated
 * @param instructionLength  length of the owning instruction, so rip-relative forms resolve alone
 * @param opmask             the AVX-512 opmask register k1..k7 (EVEX.aaa) that selects the elements
 *                           this operand touches, 0 when unmasked
 */
public record MemOperand(Access access, int size, int elementSize, Segment segment, int base, int index,
                         int scale, long displacement, int displacementOffset, int displacementSize,
                         int dispScale, int addressSize, boolean vsib, int vsibElements, boolean implicit,
                         boolean broadcast, int instructionLength, int opmask) {

    /** An operand no opmask conditions. */
    public MemOperand(Access access, int size, int elementSize, Segment segment, int base, int index,
                      int scale, long displacement, int displacementOffset, int displacementSize,
                      int dispScale, int addressSize, boolean vsib, int vsibElements, boolean implicit,
                      boolean broadcast, int instructionLength) {
        this(access, size, elementSize, segment, base, index, scale, displacement, displacementOffset,
                displacementSize, dispScale, addressSize, vsib, vsibElements, implicit, broadcast, instructionLength, 0);
    }

    /** Base register number meaning "relative to the next instruction's address". */
    public static final int RIP = 16;

    /** Index meaning "al, zero-extended": only xlat's [rbx + al]. */
    public static final int INDEX_AL = 17;

    public boolean ripRelative() {
        return base == RIP;
    }

    /** Bytes one execution may touch from {@link #effectiveAddress}: one element for a broadcast. */
    public int accessedBytes() {
        return broadcast ? elementSize : size;
    }

    /**
     * The address of the operand (the first element for VSIB: add index element i scaled yourself,
     * see {@link #elementAddress}). Rip-relative operands count from the next instruction.
     */
    public long effectiveAddress(RegisterFile regs) {
        return addressOf(regs, vsib ? 0 : indexValue(regs));
    }

    /** Address of gather/scatter element {@code i}, given the sign-extended index lane value. */
    public long elementAddress(RegisterFile regs, long indexLane) {
        return addressOf(regs, indexLane);
    }

    private long indexValue(RegisterFile regs) {
        return switch (index) {
            case -1 -> 0;
            case INDEX_AL -> regs.gpr(0) & 0xFF;
            default -> regs.gpr(index);
        };
    }

    private long addressOf(RegisterFile regs, long indexValue) {
        long baseValue = switch (base) {
            case -1 -> 0;
            case RIP -> regs.rip() + instructionLength;
            default -> regs.gpr(base);
        };
        long address = baseValue + indexValue * scale + displacement;
        if (addressSize == 32) {
            address &= 0xFFFF_FFFFL;
        }
        return switch (segment) {
            case FS -> address + regs.fsBase();
            case GS -> address + regs.gsBase();
            case NONE -> address;
        };
    }
}
