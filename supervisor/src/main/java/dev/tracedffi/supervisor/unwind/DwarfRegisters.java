package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.x86.RegisterFile;

/**
 * The registers of one frame by DWARF number (x86-64 psABI 3.6.2: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi,
 * 5 rdi, 6 rbp, 7 rsp, 8-15 r8-r15, 16 return address). A register may be unknown in a caller frame
 * (caller-saved, not restored).
 */
final class DwarfRegisters {

    static final int RBP = 6;
    static final int RSP = 7;
    static final int RETURN_ADDRESS = 16;

    /** x86 encoding number (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..) of DWARF registers 0-15. */
    private static final int[] DWARF_TO_ENCODING = {0, 2, 1, 3, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15};

    private final long[] values = new long[UnwindRow.REGISTERS];
    private final boolean[] known = new boolean[UnwindRow.REGISTERS];

    static DwarfRegisters of(RegisterFile registers) {
        DwarfRegisters result = new DwarfRegisters();
        for (int dwarf = 0; dwarf < 16; dwarf++) {
            result.set(dwarf, registers.gpr(DWARF_TO_ENCODING[dwarf]));
        }
        result.set(RETURN_ADDRESS, registers.rip());
        return result;
    }

    boolean known(int register) {
        return register >= 0 && register < values.length && known[register];
    }

    long get(int register) {
        if (!known(register)) {
            throw new UnsupportedUnwindInfo("value of DWARF register " + register + " is unknown");
        }
        return values[register];
    }

    void set(int register, long value) {
        values[register] = value;
        known[register] = true;
    }

    void forget(int register) {
        known[register] = false;
    }
}
