package dev.tracedffi.supervisor.x86;

import java.util.Arrays;

/**
 * Whether every bit of a REX prefix changes what is printed. objdump prints the others as a word
 * ({@code rex.WB}, {@code rex}); such instructions (data decoded as code, padding) are left to the
 * bytes form rather than printed differently.
 */
final class RexUse {

    private RexUse() {
    }

    static boolean allUsed(int rex, Encoding e, IntelOperandTable.Row row, String[] codes) {
        if (rex == 0) {
            return true;
        }
        boolean memory = e.modrm() >= 0 && !e.registerForm();
        // legacy SSE ignores REX.W unless a general-purpose operand (Ey) or a W-named variant takes it
        boolean usesW = (row.mnemonics().length > 1 || !Arrays.equals(row.operands()[0], row.operands()[1]))
                && !(row.decoderNamed() && e.form() == Encoding.LEGACY);
        boolean usesR = false;
        boolean usesB = false;
        boolean byteRegister = false;
        for (String code : codes) {
            char kind = code.charAt(0);
            char size = code.length() > 1 ? code.charAt(1) : ' ';
            if ((kind == 'E' || kind == 'G' || kind == 'Z' || kind == 'I') && (size == 'v' || size == 'y')
                    || code.equals("rAX") || code.equals("Iz") || code.equals("Ibs")) {
                usesW = true;
            }
            if (kind == 'G' || kind == 'V' || code.equals("Kr")) {
                usesR = true;
            }
            if (kind == 'Z' || ((kind == 'E' || kind == 'W' || kind == 'U' || code.equals("Km")) && e.registerForm())) {
                usesB = true;
            }
            int number = kind == 'E' && e.registerForm() ? e.rm() : kind == 'G' ? e.reg() : kind == 'Z' ? e.opcode() & 7 : -1;
            if (size == 'b' && number >= 4 && number <= 7) {
                byteRegister = true; // spl, bpl, sil, dil exist only with a REX prefix
            }
        }
        if (memory) {
            usesB |= e.base() >= 0 && e.base() != MemOperand.RIP;
        }
        boolean usesX = memory && e.index() >= 0;
        if ((rex & 8) != 0 && !usesW || (rex & 4) != 0 && !usesR || (rex & 2) != 0 && !usesX
                || (rex & 1) != 0 && !usesB) {
            return false;
        }
        return rex != 0x40 || byteRegister;
    }
}
