package dev.tracedffi.supervisor.x86;

import java.util.Arrays;

/**
 * The legacy prefixes of an instruction as objdump names the ones that change nothing it prints
 * otherwise: {@code data16} for each extra 0x66, {@code cs}/{@code ds}/{@code es}/{@code ss} for an
 * ignored segment, {@code bnd} for 0xF2 on a branch, {@code notrack} for 0x3E on an indirect one.
 */
final class Prefixes {

    private int count66;
    private boolean lock;
    private int rep;
    private int ignoredSegment;
    private boolean fsOrGs;
    private Segment segment = Segment.NONE;
    private boolean addressSize;
    private String words = "";
    private int rex;
    private int segmentCount;
    private int repCount;
    private int fsOrGsCount;

    static Prefixes of(byte[] bytes, Encoding e) {
        Prefixes p = new Prefixes();
        for (byte raw : bytes) {
            int b = raw & 0xFF;
            switch (b) {
                case 0x66 -> p.count66++;
                case 0xF0 -> p.lock = true;
                case 0xF2, 0xF3 -> {
                    p.repCount++;
                    p.rep = b;
                }
                case 0x2E, 0x3E, 0x26, 0x36 -> {
                    p.segmentCount++;
                    p.ignoredSegment = b;
                }
                case 0x64, 0x65 -> {
                    p.fsOrGsCount++;
                    p.fsOrGs = true;
                    p.segment = b == 0x64 ? Segment.FS : Segment.GS;
                }
                case 0x67 -> p.addressSize = true;
                default -> {
                    if ((b & 0xF0) != 0x40 || e.form() != Encoding.LEGACY) {
                        return p.repeated() ? null : p;
                    }
                    p.rex = b;
                    continue;
                }
            }
            p.rex = 0; // a REX prefix counts only right before the opcode
        }
        return p.repeated() ? null : p;
    }

    /** objdump prints every repeated prefix; only single ones are printed here. */
    private boolean repeated() {
        return segmentCount > 1 || repCount > 1 || fsOrGsCount > 1 || segmentCount > 0 && fsOrGsCount > 0;
    }

    boolean fsOrGs() {
        return fsOrGs;
    }

    /** FS or GS when such a prefix is present: the base the memory operand adds. */
    Segment segment() {
        return segment;
    }

    boolean addressSize() {
        return addressSize;
    }

    /** The REX byte, 0 if none. */
    int rex() {
        return rex;
    }

    int operandSizePrefixes() {
        return count66;
    }

    int rep() {
        return rep;
    }

    boolean lock() {
        return lock;
    }

    int ignoredSegment() {
        return ignoredSegment;
    }

    /** Decides the words to print before the mnemonic; false when a prefix would be printed some other way. */
    boolean consistent(Encoding e, IntelOperandTable.Row row) {
        boolean memory = e.modrm() >= 0 && !e.registerForm();
        if ((addressSize || fsOrGs) && !memory) {
            return false; // objdump prints addr32, fs, gs as words there
        }
        boolean branch = branch(e);
        boolean indirect = e.map() == 0 && e.opcode() == 0xFF && (e.opcodeExtension() == 2 || e.opcodeExtension() == 4);
        if (count66 > 0 && (branch || indirect || stackSized(e, row))) {
            return false; // objdump prints pushw, retw, jmpw, data16 ja: operand-size forms not printed here
        }
        StringBuilder out = new StringBuilder();
        out.append("data16 ".repeat(count66 - (operandSizeUsed(e, row) ? 1 : 0)));
        if (ignoredSegment != 0) {
            if (ignoredSegment == 0x3E && indirect) {
                out.append("notrack ");
            } else if (!memory || row.mnemonics()[0].equals("nop")) {
                out.append(switch (ignoredSegment) {
                    case 0x2E -> "cs ";
                    case 0x3E -> "ds ";
                    case 0x26 -> "es ";
                    default -> "ss ";
                });
            } else {
                return false;
            }
        }
        if (lock) {
            out.append("lock ");
        }
        if (rep != 0 && (e.map() == 0 || e.form() != Encoding.LEGACY)) {
            boolean ret = e.map() == 0 && (e.opcode() == 0xC3 || e.opcode() == 0xC2);
            if (rep == 0xF3 && ret) {
                out.append("repz "); // the old AMD-friendly "rep ret"
            } else if (rep == 0xF2 && (branch || indirect)) {
                out.append("bnd ");
            } else {
                return false;
            }
        }
        words = out.toString();
        return true;
    }

    private static boolean branch(Encoding e) {
        int op = e.opcode();
        return e.map() == 0 && (op >= 0x70 && op <= 0x7F || op == 0xE8 || op == 0xE9 || op == 0xEB || op == 0xC2 || op == 0xC3)
                || e.map() == 1 && op >= 0x80 && op <= 0x8F;
    }

    /** Instructions whose default operand size is 64 bits (stack, branches): 0x66 makes them 16-bit forms. */
    private static boolean stackSized(Encoding e, IntelOperandTable.Row row) {
        return Arrays.stream(row.operands()[0]).anyMatch(c -> c.endsWith("64") || c.startsWith("I") && c.endsWith("q")
                || c.startsWith("J")) || e.map() == 0 && (e.opcode() == 0xC2 || e.opcode() == 0xC3 || e.opcode() == 0xC9);
    }

    /** One 0x66 is consumed: as the mandatory prefix, or as the operand size of a v-sized operand. */
    private boolean operandSizeUsed(Encoding e, IntelOperandTable.Row row) {
        if (count66 == 0 || e.form() != Encoding.LEGACY) {
            return false;
        }
        if (IntelOperandTable.mandatory66(e)) {
            return true;
        }
        return !e.wide() && (row.mnemonics().length == 3 || Arrays.stream(row.operands()[0]).anyMatch(
                c -> c.equals("rAX") || c.length() > 1 && "EGZI".indexOf(c.charAt(0)) >= 0 && c.charAt(1) == 'v'));
    }

    String words() {
        return words;
    }
}
