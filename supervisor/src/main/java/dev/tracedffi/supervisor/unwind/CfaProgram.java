package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.elf.ByteCursor;
import dev.tracedffi.supervisor.unwind.FrameDescription.CommonInformation;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs a CIE's initial instructions and an FDE's instructions up to a pc, giving the row in force
 * there (DWARF 5, 6.4.2). Covers every DW_CFA_* opcode gcc, clang and glibc's hand-written assembly emit.
 */
final class CfaProgram {

    private CfaProgram() {
    }

    static UnwindRow rowAt(FrameDescription fde, long vaddr) {
        CommonInformation cie = fde.cie();
        UnwindRow initial = new UnwindRow();
        run(new ByteCursor(cie.initialInstructions()), cie, initial, null, Long.MAX_VALUE, fde.pcBegin());
        UnwindRow row = initial.copy();
        run(new ByteCursor(fde.instructions()), cie, row, initial, vaddr, fde.pcBegin());
        return row;
    }

    private static void run(ByteCursor in, CommonInformation cie, UnwindRow row, UnwindRow initial, long target,
                            long startLocation) {
        long location = startLocation;
        long dataAlign = cie.dataAlignment();
        Deque<UnwindRow> remembered = new ArrayDeque<>();
        while (in.hasMore()) {
            int op = in.u8();
            int high = op & 0xC0;
            int low = op & 0x3F;
            if (high == 0x40) { // advance_loc
                location += low * cie.codeAlignment();
                if (location > target) {
                    return;
                }
                continue;
            }
            if (high == 0x80) {
                row.setRule(low, new RegisterRule.Offset(in.uleb128() * dataAlign));
                continue;
            }
            if (high == 0xC0) {
                restore(row, initial, low);
                continue;
            }
            switch (op) {
                case 0x00 -> { } // nop
                case 0x01 -> { // set_loc, never emitted by gcc; only absolute addresses are meaningful here
                    if ((cie.fdeEncoding() & 0x70) != 0) {
                        throw new UnsupportedUnwindInfo("DW_CFA_set_loc with a relative pointer encoding");
                    }
                    location = PointerEncoding.read(in, cie.fdeEncoding(), 0, 0);
                    if (location > target) {
                        return;
                    }
                }
                case 0x02, 0x03, 0x04 -> {
                    location += in.unsigned(op == 0x02 ? 1 : op == 0x03 ? 2 : 4) * cie.codeAlignment();
                    if (location > target) {
                        return;
                    }
                }
                case 0x05 -> row.setRule(in.uleb128(), new RegisterRule.Offset(in.uleb128() * dataAlign));
                case 0x06 -> restore(row, initial, in.uleb128());
                case 0x07 -> row.setRule(in.uleb128(), RegisterRule.UNDEFINED);
                case 0x08 -> row.setRule(in.uleb128(), RegisterRule.SAME_VALUE);
                case 0x09 -> row.setRule(in.uleb128(), new RegisterRule.InRegister((int) in.uleb128()));
                case 0x0A -> remembered.push(row.copy());
                case 0x0B -> {
                    if (remembered.isEmpty()) {
                        throw new UnsupportedUnwindInfo("DW_CFA_restore_state without remember_state");
                    }
                    UnwindRow saved = remembered.pop();
                    row.cfaRegister = saved.cfaRegister;
                    row.cfaOffset = saved.cfaOffset;
                    row.cfaExpression = saved.cfaExpression;
                    System.arraycopy(saved.rules, 0, row.rules, 0, UnwindRow.REGISTERS);
                }
                case 0x0C -> defineCfa(row, in.uleb128(), in.uleb128());
                case 0x0D -> {
                    row.cfaRegister = (int) in.uleb128();
                    row.cfaExpression = null;
                }
                case 0x0E -> row.cfaOffset = in.uleb128();
                case 0x0F -> {
                    row.cfaExpression = in.bytes(in.uleb128());
                    row.cfaRegister = -1;
                }
                case 0x10 -> row.setRule(in.uleb128(), new RegisterRule.Expression(in.bytes(in.uleb128())));
                case 0x11 -> row.setRule(in.uleb128(), new RegisterRule.Offset(in.sleb128() * dataAlign));
                case 0x12 -> defineCfa(row, in.uleb128(), in.sleb128() * dataAlign);
                case 0x13 -> row.cfaOffset = in.sleb128() * dataAlign;
                case 0x14 -> row.setRule(in.uleb128(), new RegisterRule.ValOffset(in.uleb128() * dataAlign));
                case 0x15 -> row.setRule(in.uleb128(), new RegisterRule.ValOffset(in.sleb128() * dataAlign));
                case 0x16 -> row.setRule(in.uleb128(), new RegisterRule.ValExpression(in.bytes(in.uleb128())));
                case 0x2E -> in.uleb128(); // GNU_args_size: only matters for landing pads
                case 0x2F -> row.setRule(in.uleb128(), new RegisterRule.Offset(-in.uleb128() * dataAlign));
                default -> throw new UnsupportedUnwindInfo("DW_CFA opcode 0x" + Integer.toHexString(op));
            }
        }
    }

    private static void defineCfa(UnwindRow row, long register, long offset) {
        row.cfaRegister = (int) register;
        row.cfaOffset = offset;
        row.cfaExpression = null;
    }

    private static void restore(UnwindRow row, UnwindRow initial, long register) {
        if (initial == null) {
            throw new UnsupportedUnwindInfo("DW_CFA_restore in a CIE's initial instructions");
        }
        if (register >= 0 && register < UnwindRow.REGISTERS) {
            row.rules[(int) register] = initial.rules[(int) register];
        }
    }
}
