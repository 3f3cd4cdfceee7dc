package dev.tracedffi.supervisor.x86;

/**
 * The fields of a decoded instruction's encoding that name its register and immediate operands,
 * kept for printing it ({@link IntelSyntax}); the memory operands are in {@link Instruction#memOperands()}.
 *
 * @param form          {@link #LEGACY}, {@link #VEX} or {@link #EVEX}
 * @param map           0 one-byte, 1 0F, 2 0F38, 3 0F3A
 * @param pp            mandatory prefix: 0 none, 1 66, 2 F3, 3 F2
 * @param modrm         the ModRM byte, -1 if none
 * @param reg           ModRM.reg extended by REX.R / VEX.R / EVEX.R and R' (0-31)
 * @param rm            ModRM.rm extended by REX.B / VEX.B (and EVEX.X for vector registers, 0-31)
 * @param vvvv          the VEX/EVEX extra register (0-31), -1 for legacy encodings
 * @param wide          REX.W / VEX.W / EVEX.W
 * @param rex           a REX prefix is present (selects spl/bpl/sil/dil over ah/ch/dh/bh)
 * @param operandSize16 a 0x66 prefix (operand size 16 where it is not a mandatory prefix)
 * @param addressSize32 a 0x67 prefix
 * @param vectorLength  16, 32 or 64 bytes
 * @param opmask        EVEX.aaa, 0 for none
 * @param zeroing       EVEX.z
 * @param evexB         EVEX.b: broadcast (memory) or rounding control (registers)
 * @param base          ModRM memory base: -1 none, GPR 0-15, {@link MemOperand#RIP}
 * @param index         ModRM memory index: -1 none, GPR 0-15
 * @param scale         1, 2, 4, 8
 * @param displacement  the displacement as encoded (not scaled by EVEX disp8*N)
 * @param hasSib        a SIB byte is present
 * @param immediateOffset offset of the immediate in the instruction, -1 if none
 * @param immediateSize   bytes of the immediate
 */
public record Encoding(int form, int map, int pp, int opcode, int modrm, int reg, int rm, int vvvv, boolean wide,
                       boolean rex, boolean operandSize16, boolean addressSize32, int vectorLength, int opmask,
                       boolean zeroing, boolean evexB, int base, int index, int scale, long displacement,
                       int displacementSize, boolean hasSib, int immediateOffset, int immediateSize) {

    public static final int LEGACY = OpcodeTable.LEGACY;
    public static final int VEX = OpcodeTable.VEX;
    public static final int EVEX = OpcodeTable.EVEX;

    /** ModRM.mod is 3: the r/m operand is a register. */
    public boolean registerForm() {
        return modrm >= 0 && (modrm >> 6) == 3;
    }

    /** ModRM.reg without extensions: the opcode extension of group opcodes (/0 to /7). */
    public int opcodeExtension() {
        return (modrm >> 3) & 7;
    }
}
