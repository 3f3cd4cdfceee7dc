package dev.tracedffi.supervisor.x86;

/** Re-encodes an instruction with another displacement, for displaced execution. */
final class DisplacementRewriter {

    private static final int MAX_LENGTH = 15;

    private DisplacementRewriter() {
    }

    static byte[] rewrite(Instruction insn, MemOperand op, long newDisplacement) {
        if (!insn.known() || op.implicit() || op.displacementOffset() < 0) {
            return null;
        }
        long stored;
        switch (op.displacementSize()) {
            case 1 -> {
                if (newDisplacement % op.dispScale() != 0) {
                    return null;
                }
                stored = newDisplacement / op.dispScale();
                if (stored != (byte) stored) {
                    return null;
                }
            }
            case 4 -> {
                // A 32-bit address size wraps the sum at 4 GiB, so either reading of the 32 bits is exact there.
                boolean fits = newDisplacement == (int) newDisplacement
                        || (op.addressSize() == 32 && (newDisplacement >>> 32) == 0);
                if (!fits) {
                    return null;
                }
                stored = newDisplacement;
            }
            case 8 -> stored = newDisplacement;
            default -> {
                return null;
            }
        }
        byte[] bytes = insn.bytes();
        for (int i = 0; i < op.displacementSize(); i++) {
            bytes[op.displacementOffset() + i] = (byte) (stored >>> (8 * i));
        }
        return bytes;
    }

    /**
     * Re-encodes a ModRM operand without a displacement or with a disp8 ({@code [rax]},
     * {@code [rbx+rcx*4+8]}) with a disp32 field instead (ModRM.mod = 10), so the instruction grows by 3
     * or 4 bytes. The base and index keep their meaning: mod = 00 forms that mean "no base" or
     * "rip-relative" already have a disp32 and are not widened. An EVEX disp32 is never scaled.
     */
    static byte[] widen(Instruction insn, MemOperand op, long newDisplacement) {
        if (!insn.known() || op.implicit() || op.addressSize() != 64 || newDisplacement != (int) newDisplacement) {
            return null;
        }
        byte[] bytes = insn.bytes();
        Decoding decoding = new Decoding();
        decoding.decode(bytes, 0, bytes.length, insn.address());
        int at = decoding.modrmOffset();
        if (at < 0) {
            return null;
        }
        int modrm = bytes[at] & 0xFF;
        int mod = modrm >> 6;
        int rm = modrm & 7;
        boolean hasSib = rm == 4;
        boolean noBase = mod == 0 && (rm == 5 || hasSib && (bytes[at + 1] & 7) == 5);
        if (mod >= 2 || noBase) {
            return null;
        }
        int dispAt = at + 1 + (hasSib ? 1 : 0);
        int oldSize = mod == 1 ? 1 : 0;
        int length = bytes.length - oldSize + 4;
        if (length > MAX_LENGTH) {
            return null;
        }
        byte[] widened = new byte[length];
        System.arraycopy(bytes, 0, widened, 0, dispAt);
        widened[at] = (byte) (0x80 | (modrm & 0x3F));
        for (int i = 0; i < 4; i++) {
            widened[dispAt + i] = (byte) (newDisplacement >>> (8 * i));
        }
        System.arraycopy(bytes, dispAt + oldSize, widened, dispAt + 4, bytes.length - dispAt - oldSize);
        return widened;
    }
}
