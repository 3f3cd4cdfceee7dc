package dev.tracedffi.supervisor.x86;

/** How the byte size of an opcode's memory operand follows from the prefixes and the vector length. */
enum OperandSize {
    NONE(0), B(1), W(2), D(4), Q(8), T(10), X(16), Y(32), Z(64),
    /** 16/32/64 by 0x66 and REX.W; 32 by default. */
    V(0),
    /** Near stack and branch targets: 64 by default, 16 with 0x66. */
    V64(0),
    /** Far pointer m16:16, m16:32 (default) or m16:64 (REX.W). */
    FAR(0),
    /** fxsave/fxrstor area. */
    FXSAVE(512),
    /** fnstenv/fldenv: 28 bytes, 14 with 0x66. */
    X87_ENV(0),
    /** fnsave/frstor: 108 bytes, 94 with 0x66. */
    X87_STATE(0),
    /** The vector length: 16 for legacy SSE, 16/32 by VEX.L, 16/32/64 by EVEX.L'L. */
    VL(0),
    VL_HALF(0),
    VL_QUARTER(0),
    VL_EIGHTH(0),
    /** movddup reads one qword at 128 bits, the whole vector above. */
    DDUP(0),
    /** Gather/scatter: computed from element size, index size and vector length. */
    VSIB(0);

    private final int fixed;

    OperandSize(int fixed) {
        this.fixed = fixed;
    }

    static OperandSize parse(String token) {
        return switch (token) {
            case "-" -> NONE;
            case "b" -> B;
            case "w" -> W;
            case "d" -> D;
            case "q" -> Q;
            case "t" -> T;
            case "x" -> X;
            case "y" -> Y;
            case "z" -> Z;
            case "v" -> V;
            case "v64" -> V64;
            case "far" -> FAR;
            case "fx" -> FXSAVE;
            case "env" -> X87_ENV;
            case "fst" -> X87_STATE;
            case "vl" -> VL;
            case "vh" -> VL_HALF;
            case "vq" -> VL_QUARTER;
            case "vo" -> VL_EIGHTH;
            case "ddup" -> DDUP;
            case "vsib" -> VSIB;
            default -> throw new IllegalArgumentException("operand size " + token);
        };
    }

    /** True for the sizes that scale with the vector length: the only ones EVEX broadcast applies to. */
    boolean vectorWide() {
        return this == VL || this == VL_HALF;
    }

    int bytes(boolean operandSize16, boolean rexW, int vectorLength) {
        return switch (this) {
            case V -> rexW ? 8 : operandSize16 ? 2 : 4;
            case V64 -> operandSize16 ? 2 : 8;
            case FAR -> rexW ? 10 : operandSize16 ? 4 : 6;
            case X87_ENV -> operandSize16 ? 14 : 28;
            case X87_STATE -> operandSize16 ? 94 : 108;
            case VL -> vectorLength;
            case VL_HALF -> vectorLength / 2;
            case VL_QUARTER -> vectorLength / 4;
            case VL_EIGHTH -> vectorLength / 8;
            case DDUP -> vectorLength == 16 ? 8 : vectorLength;
            default -> fixed;
        };
    }
}
