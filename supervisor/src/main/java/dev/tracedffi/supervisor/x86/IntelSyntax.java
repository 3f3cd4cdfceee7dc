package dev.tracedffi.supervisor.x86;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Prints a decoded instruction in Intel syntax as objdump -M intel does, lowercase and with ", "
 * between operands: {@code movsx eax, byte ptr [rax+0x1]}, {@code rep stos qword ptr es:[rdi], rax}.
 * Instructions whose operand pattern is not in {@link IntelOperandRows}, and prefixes or EVEX
 * features it does not print, give the mnemonic and the bytes: {@code vpternlogd [62 f3 75 48 25 c2 96]}.
 */
public final class IntelSyntax {

    private static final String[] CONDITIONS = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l",
            "ge", "le", "g"};

    private IntelSyntax() {
    }

    /** The instruction with its operands, or its mnemonic and bytes where the operands are not known. */
    public static String format(Instruction insn) {
        return exact(insn).orElseGet(() -> insn.mnemonic() + " [" + HexFormat.ofDelimiter(" ").formatHex(insn.bytes()) + "]");
    }

    /** The instruction with its operands, or empty where this printer does not know them. */
    public static Optional<String> exact(Instruction insn) {
        Encoding e = insn.encoding();
        if (!insn.known() || e == null) {
            return Optional.empty();
        }
        Prefixes prefixes = Prefixes.of(insn.bytes(), e);
        if (prefixes == null) {
            return Optional.empty();
        }
        if (insn.stringOp() != null) {
            return StringSyntax.format(insn, prefixes);
        }
        if (e.form() == Encoding.LEGACY && e.map() == 0 && e.opcode() == 0x90) {
            boolean plain = prefixes.rex() == 0 && prefixes.ignoredSegment() == 0 && !prefixes.lock()
                    && !prefixes.fsOrGs() && !prefixes.addressSize()
                    && prefixes.operandSizePrefixes() <= 1 && prefixes.rep() != 0xF2;
            return plain ? Optional.of(prefixes.rep() == 0xF3 ? "pause" : e.operandSize16() ? "xchg ax, ax" : "nop")
                    : Optional.empty();
        }
        IntelOperandTable.Row row = IntelOperandTable.lookup(e);
        if (row == null || (e.form() == Encoding.EVEX && e.evexB() && e.registerForm())) {
            return Optional.empty();
        }
        String[] codes = row.operands()[e.wide() ? 1 : 0];
        if (!prefixes.consistent(e, row) || !RexUse.allUsed(prefixes.rex(), e, row, codes)) {
            return Optional.empty();
        }
        String mnemonic = mnemonic(insn, e, row);
        if (mnemonic == null) {
            return Optional.empty();
        }
        OperandPrinter printer = new OperandPrinter(insn, e, prefixes.segment());
        List<String> operands = new ArrayList<>();
        for (String code : codes) {
            if (code.startsWith("H") && e.form() == Encoding.LEGACY) {
                continue; // the extra source of VEX/EVEX forms: legacy SSE has two operands
            }
            String text = printer.operand(code);
            if (text == null) {
                return Optional.empty();
            }
            if (operands.isEmpty() && e.opmask() != 0) {
                text += "{k" + e.opmask() + "}" + (e.zeroing() ? "{z}" : "");
            }
            operands.add(text);
        }
        if (operands.isEmpty() && e.opmask() != 0) {
            return Optional.empty();
        }
        String text = prefixes.words() + mnemonic + (operands.isEmpty() ? "" : " " + String.join(", ", operands));
        return Optional.of(text + printer.ripComment());
    }

    private static String mnemonic(Instruction insn, Encoding e, IntelOperandTable.Row row) {
        if (row.decoderNamed()) {
            String name = insn.mnemonic();
            return name.startsWith("(") || name.contains("/") ? null : name;
        }
        String[] names = row.mnemonics();
        String name;
        if (names.length == 3) {
            name = names[e.wide() ? 2 : e.operandSize16() ? 0 : 1];
        } else {
            name = names[names.length == 2 && e.wide() ? 1 : 0];
        }
        if (name.endsWith("cc")) {
            name = name.substring(0, name.length() - 2) + CONDITIONS[e.opcode() & 15];
        }
        if (name.equals("endbr64") && e.modrm() != 0xFA) {
            return null;
        }
        if (name.equals("mov") && e.map() == 0 && e.opcode() >= 0xB8 && e.opcode() <= 0xBF && e.wide()) {
            return "movabs";
        }
        if (name.equals("vzeroupper") && e.vectorLength() == 32) {
            return "vzeroall";
        }
        return name;
    }
}
