package dev.tracedffi.supervisor.x86;

/** Re-encodes an instruction with another displacement in the existing field, for displaced execution. */
final class DisplacementRewriter {

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
}
